package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.config.SettingsForm;
import io.kensa.llm.ApiKeys;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Labeled;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The settings view, headless (Monocle), on a fresh data folder: the controls are bound to the view-model (problems,
 * choices, enabled parts, results) and the screen works end to end (Save, a connection test). What the commands
 * do is tested on {@link SettingsViewModel} in {@code SettingsViewModelTest}.
 */
@ExtendWith(ApplicationExtension.class)
class SettingsViewTest {
    private static final String KEY = "sk-test-settings-0123456789-wxyz";

    private KensaHome home;
    private SettingsView view;
    private final List<Settings> saved = new ArrayList<>();

    @AfterEach
    void deleteHome() throws Exception {
        try (Stream<Path> files = Files.walk(home.root())) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Start
    void start(Stage stage) throws Exception {
        home = new KensaHome(Files.createTempDirectory("kensa-settings-view"));
        // an empty environment: the host's own keys or passwords must not leak into the test
        view = new SettingsView(home, Settings.empty().with(Settings.SOURCE, "usb:0"),
                () -> new Operator("q.qa", "Quinn QA", Role.QA_ENGINEER), saved::add, Map.of());
        // within Monocle's 1280×800 headless screen (a larger window cannot be painted)
        Scene scene = new Scene(view, 900, 780);
        scene.getStylesheets().add(KensaApp.class.getResource("kensa.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void savesEndpointEndToEndAndShowsTheKeyOnlyMasked(FxRobot robot) throws Exception {
        robot.interact(() -> {
            robot.lookup("#settings-preset").queryComboBox().getSelectionModel().select(SettingsForm.EndpointPreset.OLLAMA);
            field(robot, "#settings-base-url").setText("http://127.0.0.1:11434/v1");
            field(robot, "#settings-model").setText("qwen2.5vl:7b");
            field(robot, "#settings-api-key").setText(KEY);
            field(robot, "#settings-calls").setText("30");
        });
        assertTrue(robot.lookup("#settings-endpoint").queryAs(RadioButton.class).isSelected(),
                "choosing a preset selects the endpoint");
        Button save = robot.lookup("#settings-save").queryButton();
        assertFalse(save.isDisabled());
        robot.interact(save::fire);
        waitFor(() -> !saved.isEmpty(), 30);

        Settings written = Settings.load(home.settingsFile());
        assertEquals("http://127.0.0.1:11434/v1", written.get(Settings.LLM_BASE_URL).orElseThrow());
        assertEquals("30", written.get(SettingsForm.LLM_CALLS_PER_HOUR).orElseThrow());
        assertEquals(List.of(written), saved, "onSaved receives what was written");
        assertEquals(KEY, Files.readString(ApiKeys.defaultKeyFile(home.root())).strip());
        Labeled saveResult = robot.lookup("#settings-save-result").queryLabeled();
        assertTrue(saveResult.getText().startsWith("Saved"), saveResult.getText());
        assertTrue(saveResult.getStyleClass().contains("settings-ok"));
        waitFor(() -> robot.lookup("#settings-key-status").queryLabeled().getText().contains(ApiKeys.mask(KEY)), 30);
        assertEquals("", field(robot, "#settings-api-key").getText(), "the key field is cleared once saved");
        List<String> shown = texts(view);
        assertTrue(shown.stream().noneMatch(t -> t.contains(KEY) || t.contains("0123456789")),
                "the key appears nowhere in the view, only masked: " + shown);
        snapshot(robot, "settings-view.png");
    }

    @Test
    void problemsAndChoicesAreBoundToTheControls(FxRobot robot) {
        Button save = robot.lookup("#settings-save").queryButton();
        Labeled keymapError = robot.lookup("#settings-error-keymap").queryLabeled();
        assertFalse(keymapError.isVisible());
        robot.interact(() -> field(robot, "#settings-keymap").setText("accept=ENTER; undo=ENTER"));
        assertTrue(save.isDisabled(), "save is blocked");
        assertTrue(keymapError.isVisible());
        assertTrue(String.join("\n", texts(view)).contains("key ENTER is bound to both ACCEPT and UNDO"));
        robot.interact(() -> robot.lookup("#settings-keymap-defaults").queryButton().fire());
        assertFalse(save.isDisabled(), "the defaults are valid");
        assertFalse(keymapError.isVisible());

        Button testDatabase = robot.lookup("#settings-test-database").queryButton();
        assertTrue(testDatabase.isDisabled(), "the embedded database is in use by the workstation");
        assertTrue(field(robot, "#settings-base-url").isDisabled(), "offline: no endpoint fields");
        robot.interact(() -> {
            robot.lookup("#settings-jdbc").queryAs(RadioButton.class).setSelected(true);
            robot.lookup("#settings-endpoint").queryAs(RadioButton.class).setSelected(true);
        });
        assertFalse(testDatabase.isDisabled());
        assertFalse(field(robot, "#settings-base-url").isDisabled());
        assertEquals("Test connection", testDatabase.getText());
        assertTrue(robot.lookup("#settings-password-note").queryLabeled().getText().contains("KENSA_DB_PASSWORD"));
    }

    @Test
    void aConnectionTestRunsFromTheButtonAndShowsItsResult(FxRobot robot) throws Exception {
        int port = closedPort();
        robot.interact(() -> {
            robot.lookup("#settings-endpoint").queryAs(RadioButton.class).setSelected(true);
            field(robot, "#settings-base-url").setText("http://127.0.0.1:" + port + "/v1");
            field(robot, "#settings-model").setText("test-vision");
        });
        Button test = robot.lookup("#settings-test-endpoint").queryButton();
        robot.interact(test::fire);
        waitFor(() -> !test.getText().equals("Cancel"), 60);
        Labeled result = robot.lookup("#settings-endpoint-result").queryLabeled();
        assertTrue(result.getText().startsWith("Unreachable — "), result.getText());
        assertTrue(result.getStyleClass().contains("error-text"));
    }

    private static TextInputControl field(FxRobot robot, String id) {
        return robot.lookup(id).queryTextInputControl();
    }

    /** Every text the view shows or holds: labels, buttons, fields (the password field too), choice items. */
    private static List<String> texts(Node root) {
        List<String> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(Node n, List<String> out) {
        if (n instanceof Labeled l && l.getText() != null) {
            out.add(l.getText());
        }
        if (n instanceof TextInputControl t) {
            out.add(t.getText());
            out.add(t.getPromptText());
        }
        if (n instanceof ChoiceBox<?> c) {
            c.getItems().forEach(i -> out.add(String.valueOf(i)));
        }
        if (n instanceof ComboBox<?> c) {
            c.getItems().forEach(i -> out.add(String.valueOf(i)));
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, out));
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void waitFor(BooleanSupplier condition, int seconds) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::getAsBoolean);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** A picture of the whole form for the docs (target/screenshots), from the real scene graph. */
    private void snapshot(FxRobot robot, String name) throws Exception {
        Path dir = Path.of("target", "screenshots");
        Files.createDirectories(dir);
        javafx.scene.image.WritableImage[] shot = new javafx.scene.image.WritableImage[1];
        robot.interact(() -> shot[0] = ((ScrollPane) view.getCenter()).getContent().snapshot(null, null));
        assertNotNull(shot[0]);
        ImageIO.write(SwingFXUtils.fromFXImage(shot[0], null), "png", dir.resolve(name).toFile());
    }
}
