package io.kensa.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.SettingsForm.Field;
import io.kensa.config.SettingsForm.Problem;
import io.kensa.llm.LlmSettings;
import io.kensa.review.DecisionKeymap;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsFormTest {
    private static final List<String> RECIPES = List.of("bottle", "cap");
    private static final Function<String, Optional<String>> KEYMAP = spec -> {
        try {
            DecisionKeymap.parse(spec);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    };

    private static SettingsForm endpoint(String url, String model) {
        Settings s = Settings.empty().with(Settings.LLM_BASE_URL, url).with(Settings.LLM_MODEL, model);
        return SettingsForm.from(s, "bottle");
    }

    private static List<Field> fields(List<Problem> problems) {
        return problems.stream().map(Problem::field).toList();
    }

    @Test
    void defaultsValidateAndSaveNothingSurprising() {
        SettingsForm f = SettingsForm.from(Settings.empty(), "bottle");
        assertEquals(List.of(), f.validate(RECIPES, KEYMAP));
        assertFalse(f.useEndpoint());
        assertEquals("auto", f.device());
        assertEquals(SettingsForm.DEFAULT_KEYMAP, f.keymap());
        Settings saved = f.applyTo(Settings.empty());
        assertTrue(saved.get(Settings.LLM_BASE_URL).isEmpty(), "offline: no base URL");
        assertTrue(saved.get(SettingsForm.KEYMAP).isEmpty(), "the default keymap is not frozen into the file");
        assertEquals(List.of(), SettingsForm.needingRestart(Settings.empty(), saved, "bottle"),
                "making the defaults explicit restarts nothing");
    }

    @Test
    void savedEndpointSettingsAreReadBackByTheLlmPackage() {
        SettingsForm f = new SettingsForm("line-3", "cap", "gpu", true, "http://localhost:11434/v1", "qwen2.5vl:7b",
                "MY_KEY", false, "0.1", "60", "2.5", "0.15", "0.6", "20", false, "", "", "accept=SPACE", "15");
        assertEquals(List.of(), f.validate(RECIPES, KEYMAP));
        Settings s = f.applyTo(Settings.empty().with(Settings.SOURCE, "usb:0"));
        Properties p = new Properties();
        s.values().forEach(p::setProperty);
        LlmSettings llm = LlmSettings.fromProperties(p);
        assertEquals(Optional.of("http://localhost:11434/v1"), llm.baseUrl());
        assertEquals("qwen2.5vl:7b", llm.model());
        assertEquals("MY_KEY", llm.apiKeyEnv());
        assertFalse(llm.gate().automatic());
        assertEquals(0.1, llm.gate().bandBelowThreshold(), 1e-12);
        assertEquals(60, llm.budget().maxCallsPerHour());
        assertEquals(2.5, llm.budget().maxCostPerHour(), 1e-12);
        assertEquals(Duration.ofSeconds(20), llm.timeout());
        assertEquals("usb:0", s.get(Settings.SOURCE).orElseThrow(), "keys the form does not edit are kept");
        assertEquals("15", s.get(SettingsForm.IDLE_LOCK_MINUTES).orElseThrow());
        assertEquals(SettingsForm.from(s, "bottle"), f, "what was saved reads back as the same form");
        assertEquals(List.of("recipe", "device", "station name"), SettingsForm.needingRestart(Settings.empty(), s, "bottle"));
    }

    @Test
    void namesEveryBadFieldWithWhatToDo() {
        List<Problem> p = new SettingsForm("a", "nope", "tpu", true, "localhost:11434", "", "1BAD", true, "2",
                "-1", "x", "", "", "0", true, "postgresql://h/k", "", "accept=ENTER;undo=ENTER", "-5").validate(RECIPES,
                KEYMAP);
        assertEquals(List.of(Field.RECIPE, Field.DEVICE, Field.BASE_URL, Field.MODEL, Field.API_KEY_ENV, Field.BAND,
                Field.CALLS, Field.COST, Field.TIMEOUT, Field.JDBC_URL, Field.KEYMAP, Field.IDLE_LOCK), fields(p));
        assertTrue(p.get(0).message().contains("[bottle, cap]"), p.get(0).message());
        assertTrue(p.get(2).message().contains("http://"), p.get(2).message());
        assertTrue(p.get(3).message().contains("deployment"), p.get(3).message());
        assertTrue(p.get(9).message().contains("jdbc:postgresql://"), p.get(9).message());
        assertTrue(p.get(10).message().contains("bound to both"), p.get(10).message());
        assertEquals("The idle lock -5 is out of range (minutes, 0 = never, at most 1440).", p.get(11).message());
    }

    @Test
    void rejectsPlaceholdersAndPasswordsInUrls() {
        SettingsForm azure = endpoint(SettingsForm.EndpointPreset.AZURE.baseUrl, "my-deployment");
        assertTrue(azure.validate(RECIPES, KEYMAP).get(0).message().contains("placeholder"));
        SettingsForm pg = new SettingsForm("", "bottle", "cpu", false, "", "", "", true, "", "", "", "", "", "",
                true, "jdbc:postgresql://db/kensa?user=k&password=secret", "k", "", "");
        Problem problem = pg.validate(RECIPES, KEYMAP).get(0);
        assertEquals(Field.JDBC_URL, problem.field());
        assertTrue(problem.message().contains("KENSA_DB_PASSWORD"), problem.message());
    }

    @Test
    void everyPresetButAzureIsUsableAsIs() {
        for (SettingsForm.EndpointPreset preset : SettingsForm.EndpointPreset.values()) {
            List<Problem> p = endpoint(preset.baseUrl, preset.model).validate(RECIPES, KEYMAP);
            assertEquals(preset == SettingsForm.EndpointPreset.AZURE, !p.isEmpty(), preset + ": " + p);
        }
    }

    @Test
    void defaultKeymapTextBindsWhatTheDefaultKeymapBinds() {
        DecisionKeymap text = DecisionKeymap.parse(SettingsForm.DEFAULT_KEYMAP);
        DecisionKeymap defaults = DecisionKeymap.defaults();
        for (String key : List.of("ENTER", "F13", "O", "F14", "Z", "BACK_SPACE", "F15", "ESCAPE", "DIGIT1", "SPACE")) {
            assertEquals(defaults.lookup(key), text.lookup(key), key);
        }
    }

    @Test
    void databaseServerAndUserAreSavedOnlyWhenChosen(@TempDir Path dir) throws Exception {
        SettingsForm server = new SettingsForm("", "bottle", "auto", false, "", "", "", true, "", "", "", "", "", "",
                true, "jdbc:postgresql://db:5432/kensa", "kensa", "", "");
        Settings s = server.applyTo(Settings.empty());
        s.save(dir.resolve("settings.properties"));
        Settings read = Settings.load(dir.resolve("settings.properties"));
        assertEquals("jdbc:postgresql://db:5432/kensa", read.get(Settings.DATABASE_URL).orElseThrow());
        assertEquals("kensa", read.get(SettingsForm.DATABASE_USER).orElseThrow());
        assertEquals(List.of("database"), SettingsForm.needingRestart(Settings.empty(), read, "bottle"));
        SettingsForm back = new SettingsForm("", "bottle", "auto", false, "", "", "", true, "", "", "", "", "", "",
                false, "jdbc:postgresql://db:5432/kensa", "kensa", "", "");
        Settings embedded = back.applyTo(read);
        assertTrue(embedded.get(Settings.DATABASE_URL).isEmpty());
        assertTrue(embedded.get(SettingsForm.DATABASE_USER).isEmpty());
    }
}
