package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.config.SettingsForm;
import io.kensa.llm.ApiKeys;
import io.kensa.llm.FakeChatServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Labeled;
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
 * The settings view, headless (Monocle), on a fresh data folder: what Save writes where (the key only to its
 * owner-only file, never to the settings or the screen), inline validation, and the connection tests against a
 * real chat server on 127.0.0.1, a closed port and an unreachable database.
 */
@ExtendWith(ApplicationExtension.class)
class SettingsViewTest {
    private static final String KEY = "sk-test-settings-0123456789-wxyz";
    private static final String ANSWER = "{\"class\":\"broken_large\",\"severity\":\"defect\",\"confidence\":0.8,"
            + "\"rationale\":\"The test image shows a flagged square. It stands in for a broken rim.\","
            + "\"evidence\":\"centre\"}";

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
        view = new SettingsView(home, Settings.empty().with(Settings.SOURCE, "usb:0"), saved::add, Map.of());
        // within Monocle's 1280×800 headless screen (a larger window cannot be painted)
        Scene scene = new Scene(view, 900, 780);
        scene.getStylesheets().add(KensaApp.class.getResource("kensa.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void savesEndpointToSettingsAndKeyOnlyToOwnerOnlyFileShownMasked(FxRobot robot) throws Exception {
        robot.interact(() -> {
            view.preset.setValue(SettingsForm.EndpointPreset.OLLAMA);
            view.baseUrl.setText("http://127.0.0.1:11434/v1");
            view.model.setText("qwen2.5vl:7b");
            view.apiKey.setText(KEY);
            view.callsPerHour.setText("30");
        });
        assertTrue(view.endpoint.isSelected(), "choosing a preset selects the endpoint");
        assertFalse(view.save.isDisabled());
        robot.interact(view.save::fire);

        Path file = home.settingsFile();
        String text = Files.readString(file);
        Settings written = Settings.load(file);
        assertEquals("http://127.0.0.1:11434/v1", written.get(Settings.LLM_BASE_URL).orElseThrow());
        assertEquals("qwen2.5vl:7b", written.get(Settings.LLM_MODEL).orElseThrow());
        assertEquals("30", written.get(SettingsForm.LLM_CALLS_PER_HOUR).orElseThrow());
        assertEquals("usb:0", written.get(Settings.SOURCE).orElseThrow(), "keys the view does not edit are kept");
        assertFalse(text.contains(KEY) || text.contains("0123456789"), "the key is not in settings.properties:\n" + text);

        Path keyFile = ApiKeys.defaultKeyFile(home.root());
        assertEquals(KEY, Files.readString(keyFile).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));

        assertEquals(List.of(written), saved, "onSaved receives what was written");
        assertTrue(view.saveResult.getText().startsWith("Saved"), view.saveResult.getText());
        assertTrue(view.keyStatus.getText().contains(ApiKeys.mask(KEY)), view.keyStatus.getText());
        List<String> shown = texts(view);
        assertTrue(shown.stream().noneMatch(t -> t.contains(KEY) || t.contains("0123456789")),
                "the key appears nowhere in the view, only masked: " + shown);
        snapshot(robot, "settings-view.png");
    }

    @Test
    void invalidKeymapIsExplainedInlineAndBlocksSave(FxRobot robot) {
        robot.interact(() -> view.keymap.setText("accept=ENTER; undo=ENTER"));
        assertTrue(view.save.isDisabled(), "save is blocked");
        String shown = String.join("\n", texts(view));
        assertTrue(shown.contains("key ENTER is bound to both ACCEPT and UNDO"), shown);

        robot.interact(() -> view.keymap.setText("accept=ENTR"));
        assertTrue(String.join("\n", texts(view)).contains("'ENTR' is not a key name"));
        robot.interact(view.save::fire);
        assertFalse(Files.exists(home.settingsFile()), "nothing written");
        assertEquals(List.of(), saved);

        robot.interact(view.keymapDefaults::fire);
        assertFalse(view.save.isDisabled(), "the defaults are valid");
    }

    @Test
    void endpointWithoutModelOrWithBadUrlIsMarked(FxRobot robot) {
        robot.interact(() -> {
            view.endpoint.setSelected(true);
            view.baseUrl.setText("localhost:11434/v1");
        });
        String shown = String.join("\n", texts(view));
        assertTrue(shown.contains("must start with http:// or https://"), shown);
        assertTrue(shown.contains("Enter the model name"), shown);
        assertTrue(view.save.isDisabled());
        robot.interact(() -> view.offline.setSelected(true));
        assertFalse(view.save.isDisabled(), "the offline explainer needs no URL");
    }

    @Test
    void databaseTestAgainstUnreachableServerShowsTheStoreMessage(FxRobot robot) throws Exception {
        int port = closedPort();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/kensa";
        assertTrue(view.testDatabase.isDisabled(), "the embedded database is in use by the workstation");
        robot.interact(() -> {
            view.jdbc.setSelected(true);
            view.jdbcUrl.setText(url);
            view.databaseUser.setText("kensa");
        });
        assertTrue(view.passwordNote.getText().contains("KENSA_DB_PASSWORD"));
        robot.interact(view.testDatabase::fire);
        waitFor(() -> !view.testDatabase.getText().equals("Cancel"), 60);
        assertEquals("Cannot open the database " + url + ": the server does not answer. Check that it is running and "
                + "reachable, and the JDBC URL in the settings.", view.databaseResult.getText());
        assertTrue(view.databaseResult.getStyleClass().contains("error-text"));
    }

    @Test
    void endpointTestSendsOneRealRequestAndReportsSuccess(FxRobot robot) throws Exception {
        try (FakeChatServer server = new FakeChatServer().then(FakeChatServer.Reply.stream(ANSWER))) {
            robot.interact(() -> {
                view.endpoint.setSelected(true);
                view.baseUrl.setText(server.baseUrl());
                view.model.setText("test-vision");
                view.apiKey.setText(KEY);
            });
            robot.interact(view.testEndpoint::fire);
            waitFor(() -> !view.testEndpoint.getText().equals("Cancel"), 60);
            assertTrue(view.endpointResult.getText().startsWith("OK — test-vision at " + server.baseUrl()),
                    view.endpointResult.getText());
            assertTrue(view.endpointResult.getStyleClass().contains("settings-ok"));
            assertFalse(view.endpointResult.getText().contains(KEY), "the result shows the key masked at most");
            assertEquals(1, server.received().size(), "exactly one request");
            FakeChatServer.Received r = server.received().get(0);
            assertEquals("/v1/chat/completions", r.path());
            assertEquals(List.of("Bearer " + KEY), r.headers().get("Authorization"), "the typed key is used for the test");
            assertFalse(Files.exists(ApiKeys.defaultKeyFile(home.root())), "testing does not save the key");
            assertFalse(Files.exists(home.settingsFile()), "testing does not save the settings");
        }
    }

    @Test
    void endpointTestNamesARefusedKeyAndASlowServerInWords(FxRobot robot) throws Exception {
        String refused = "{\"error\":{\"message\":\"bad key\",\"type\":\"test\",\"code\":\"401\"}}";
        try (FakeChatServer server = new FakeChatServer().then(
                new FakeChatServer.Reply(401, Map.of(), refused, List.of(), 0, 0),
                new FakeChatServer.Reply(200, Map.of(), "", List.of(), 4000, 0))) {
            robot.interact(() -> {
                view.endpoint.setSelected(true);
                view.baseUrl.setText(server.baseUrl());
                view.model.setText("test-vision");
                view.apiKey.setText(KEY);
                view.timeout.setText("1");
            });
            robot.interact(view.testEndpoint::fire);
            waitFor(() -> !view.testEndpoint.getText().equals("Cancel"), 60);
            assertTrue(view.endpointResult.getText().startsWith("Unauthorized — "), view.endpointResult.getText());
            assertTrue(view.endpointResult.getText().contains(ApiKeys.mask(KEY)), view.endpointResult.getText());
            assertFalse(view.endpointResult.getText().contains(KEY));

            robot.interact(view.testEndpoint::fire);
            waitFor(() -> !view.testEndpoint.getText().equals("Cancel"), 60);
            assertTrue(view.endpointResult.getText().startsWith("Timeout — "), view.endpointResult.getText());
        }
    }

    @Test
    void aRunningEndpointTestCanBeCancelled(FxRobot robot) throws Exception {
        try (FakeChatServer server = new FakeChatServer().then(new FakeChatServer.Reply(200, Map.of(), "", List.of(), 20_000, 0))) {
            robot.interact(() -> {
                view.endpoint.setSelected(true);
                view.baseUrl.setText(server.baseUrl());
                view.model.setText("test-vision");
            });
            robot.interact(view.testEndpoint::fire);
            assertEquals("Cancel", view.testEndpoint.getText());
            waitFor(() -> server.received().size() == 1, 30);
            robot.interact(view.testEndpoint::fire);
            assertEquals("Test cancelled.", view.endpointResult.getText());
            assertEquals("Test connection", view.testEndpoint.getText());
        }
    }

    @Test
    void endpointTestAgainstClosedPortReportsUnreachable(FxRobot robot) throws Exception {
        int port = closedPort();
        robot.interact(() -> {
            view.endpoint.setSelected(true);
            view.baseUrl.setText("http://127.0.0.1:" + port + "/v1");
            view.model.setText("test-vision");
        });
        robot.interact(view.testEndpoint::fire);
        waitFor(() -> !view.testEndpoint.getText().equals("Cancel"), 60);
        assertTrue(view.endpointResult.getText().startsWith("Unreachable — "), view.endpointResult.getText());
        assertTrue(view.endpointResult.getStyleClass().contains("error-text"));
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
