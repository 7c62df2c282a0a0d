package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.Settings;
import io.kensa.config.SettingsForm;
import io.kensa.config.ShippedResources;
import io.kensa.inspect.CaseDesk;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explainers;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.LoadedProfile;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Inspect tab's keys without a screen: which key runs which command, when a letter is only a letter, and the
 * decision keys from the settings. The case panel behind them is a real one on an empty desk (H2 store in a temp
 * folder, the offline explainer); what Accept, Override and Undo then do to a case is in {@link InspectViewModelTest}.
 */
class InspectKeysTest {
    private static final Operator ANN = new Operator("a1", "Ann", Role.INSPECTOR);

    @TempDir
    Path dir;
    private Database database;
    private InspectionStore store;
    private Explainer explainer;
    private CaseDesk desk;
    private CaseViewModel caseVm;
    private final List<String> ran = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        database = Database.openFile(dir.resolve("db"));
        store = InspectionStore.open(database, dir.resolve("images"), "station-1");
        explainer = Explainers.create(LlmSettings.defaults(), dir);
        LoadedProfile profile = LoadedProfile.fromRecipeFolder(ShippedResources.resolve("recipes/bottle"));
        desk = new CaseDesk(store, () -> explainer, () -> profile, "bottle", 1, 20, snapshot -> {});
        caseVm = new CaseViewModel(desk, () -> ANN, profile.profile(), Runnable::run, Runnable::run, (text, problem) -> {});
    }

    @AfterEach
    void close() {
        desk.close();
        explainer.close();
        store.close();
        database.close();
    }

    private InspectKeys keys(Settings settings) {
        return new InspectKeys(caseVm, new InspectKeys.Commands(() -> ran.add("capture"), () -> ran.add("snapshot"),
                () -> ran.add("heatmap"), () -> ran.add("cam"), () -> ran.add("llm")), settings, warnings::add);
    }

    @Test
    void functionKeysAndLettersRunTheirCommands() {
        InspectKeys keys = keys(Settings.empty());
        assertTrue(keys.key("F5", false, false, false));
        assertTrue(keys.key("F12", false, false, false));
        assertTrue(keys.key("S", false, true, false), "Ctrl+S");
        assertTrue(keys.key("H", false, false, false));
        assertTrue(keys.key("G", false, false, false));
        assertTrue(keys.key("L", false, false, false));
        assertEquals(List.of("capture", "snapshot", "snapshot", "heatmap", "cam", "llm"), ran);
        assertFalse(keys.key("Q", false, false, false), "an unbound key is left to the focused control");
        assertFalse(keys.key("S", true, true, false), "Ctrl+Shift+S is not the snapshot");
        assertEquals(6, ran.size());
    }

    @Test
    void lettersTypedIntoAFieldAreLettersButFunctionKeysStillWork() {
        InspectKeys keys = keys(Settings.empty());
        for (String letter : List.of("H", "G", "L", "O", "N", "ENTER")) {
            assertFalse(keys.key(letter, false, false, true), letter + " typed into a field is left to the field");
        }
        assertTrue(ran.isEmpty(), ran.toString());
        assertTrue(keys.key("F5", false, false, true));
        assertTrue(keys.key("S", false, true, true), "Ctrl+S saves a snapshot while typing too");
        assertEquals(List.of("capture", "snapshot"), ran);
    }

    @Test
    void decisionKeysComeFromTheKeyMapSetting() {
        InspectKeys defaults = keys(Settings.empty());
        assertTrue(defaults.key("ENTER", false, false, false), "Enter accepts by default");
        assertTrue(defaults.key("F13", false, false, false), "the first pedal accepts by default");

        InspectKeys pedal = keys(Settings.empty().with(SettingsForm.KEYMAP, "accept=F9; override=F10; undo=F11; cancel=ESCAPE"));
        assertTrue(pedal.key("F9", false, false, false));
        assertFalse(pedal.key("ENTER", false, false, false), "Enter is not bound in this key map");
        assertTrue(warnings.isEmpty(), warnings.toString());
        assertTrue(ran.isEmpty(), "decision keys run no other command: " + ran);
    }

    @Test
    void aKeyMapThatDoesNotReadIsNamedAndTheDefaultsStay() {
        InspectKeys keys = keys(Settings.empty().with(SettingsForm.KEYMAP, "accept=F9; approve=F10"));
        assertEquals(List.of("Key map setting ignored: key map command 'approve' is not one of accept, override, undo, cancel"),
                warnings);
        assertTrue(keys.key("ENTER", false, false, false), "the default accept key");
        assertFalse(keys.key("F9", false, false, false), "nothing of the bad key map is used");

        keys.use(Settings.empty().with(SettingsForm.KEYMAP, "accept=F9"));
        assertTrue(keys.key("F9", false, false, false), "a good key map from changed settings is used at once");
        assertEquals(1, warnings.size());
    }
}
