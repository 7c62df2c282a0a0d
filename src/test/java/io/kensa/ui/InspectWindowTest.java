package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.config.ShippedResources;
import io.kensa.inspect.Workstation;
import io.kensa.model.Action;
import io.kensa.model.Decision;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The real inspect window, headless (Monocle): real demo recipe, real detector trained on the shipped images, a
 * real replay of defect images, the offline explainer and an H2 file database. Drives it with the keyboard the
 * way an inspector does and checks what reached the database.
 */
@ExtendWith(ApplicationExtension.class)
class InspectWindowTest {
    private static final Operator ANN = new Operator("a1", "Ann Example", Role.INSPECTOR);
    private static Workstation workstation;
    private MainWindow window;
    private Path settingsFile;
    private Path replay;

    @Start
    void start(Stage stage) throws Exception {
        close(); // one workstation at a time: each test gets a fresh window
        // the model cache lives in the surefire data folder, so the detector is trained once per build
        KensaHome home = KensaHome.resolve();
        TestWindows.clear(home.database());
        TestWindows.clear(home.snapshots());
        replay = Files.createTempDirectory("kensa-replay");
        for (String name : List.of("000.png", "001.png", "002.png")) {
            Files.copy(ShippedResources.demoBottle().resolve("test/broken_large").resolve(name), replay.resolve(name));
        }
        Settings settings = Settings.empty().with(Settings.STATION, "ui-test-station")
                .with(Settings.SOURCE, "folder:" + replay + "?fps=4");
        TestWindows shown = TestWindows.show(stage, home, settings, ANN);
        workstation = shown.workstation();
        window = shown.window();
        settingsFile = shown.settingsFile();
    }

    @AfterAll
    static void close() {
        if (workstation != null) {
            workstation.close();
            workstation = null;
        }
    }

    @Test
    void typingASourceNeverTriggersDecisionOrOverlayKeys(FxRobot robot) {
        boolean heatmapBefore = window.heatmap.isSelected();
        robot.clickOn(window.source.getEditor());
        robot.interact(() -> window.source.getEditor().clear());
        robot.write("folder:/tmp/zoo-hlo");
        assertEquals("folder:/tmp/zoo-hlo", window.source.getEditor().getText(), "every letter reached the field");
        assertEquals(heatmapBefore, window.heatmap.isSelected(), "H typed into the field is a letter, not the heatmap key");
        assertFalse(window.casePane.overrideOpen());
    }

    @Test
    void aFailedStartSaysWhyInTheLiveViewAndStartStaysUsable(FxRobot robot) throws Exception {
        robot.clickOn(window.source.getEditor());
        robot.interact(() -> window.source.getEditor().clear());
        robot.write("bogus");
        robot.push(KeyCode.ENTER);
        FxWait.until(() -> window.message.getText().contains("not a source name"), 30);
        String shown = window.live.placeholder.getText();
        assertTrue(shown.startsWith("Not started: 'bogus' is not a source name"), shown);
        assertTrue(window.live.placeholder.isVisible());
        assertFalse(window.startStop.isDisabled(), "Start can be pressed again");
        assertEquals("Start  F5", window.startStop.getText());
        assertEquals("IDLE", window.banner.getText());
        assertFalse(workstation.capturing());
    }

    @Test
    void anErrorIsDescribedForTheOperatorWithoutAStackTrace() {
        String text = InspectViewModel.describe(new ExceptionInInitializerError(new UnsatisfiedLinkError("no jniavcodec in java.library.path")));
        assertTrue(text.startsWith("Failed unexpectedly (ExceptionInInitializerError, caused by UnsatisfiedLinkError: no jniavcodec"), text);
        assertTrue(text.contains("the log has the details"), text);
        assertFalse(text.contains("\tat "), text);
        assertEquals("Camera gone. Plug it in.", InspectViewModel.describe(new io.kensa.capture.CaptureException("Camera gone. Plug it in.")));
    }

    @Test
    void enterOrAPickFromTheListSwitchesTheRunningSourceWhichIsRememberedAtOnce(FxRobot robot) throws Exception {
        String first = "folder:" + replay + "?fps=4";
        robot.push(KeyCode.F5);
        FxWait.until(() -> window.captureLabel.getText().startsWith("running"), 30);
        // remembered while the window is open: a crash does not lose it
        FxWait.until(() -> first.equals(Settings.load(settingsFile).get(Settings.SOURCE).orElse("")), 10);

        // the replay rate is set from the toolbar while running
        assertTrue(window.replayBox.isVisible() && !window.replayFps.isDisabled());
        assertEquals(4.0, window.replayFps.getValue());
        robot.interact(() -> window.replayFps.getValueFactory().setValue(8.0));
        assertEquals(8.0, workstation.pump().orElseThrow().replayFps().orElseThrow());

        Path other = Files.createTempDirectory("kensa-other");
        Files.copy(ShippedResources.demoBottle().resolve("test/good/000.png"), other.resolve("000.png"));
        // faster than the spinner's old limit: shown as it runs, never slowed down by the window
        String second = "folder:" + other + "?fps=500";
        robot.clickOn(window.source.getEditor());
        robot.interact(() -> window.source.getEditor().clear());
        robot.write(second);
        robot.push(KeyCode.ENTER);
        FxWait.until(() -> workstation.pump().map(p -> p.source().equals(second)).orElse(false), 30);
        FxWait.until(() -> second.equals(Settings.load(settingsFile).get(Settings.SOURCE).orElse("")), 10);
        assertEquals(500.0, window.replayFps.getValue(), "the control follows the new replay");
        assertEquals(500.0, workstation.pump().orElseThrow().replayFps().orElseThrow());
        assertEquals(List.of(second, first), window.source.getItems().subList(0, 2), "recent sources, newest first");

        // a pick from the recent list switches back
        robot.interact(window.source::show);
        javafx.scene.control.ListCell<?> cell = robot.lookup(".list-cell").queryAllAs(javafx.scene.control.ListCell.class).stream()
                .filter(c -> first.equals(c.getText())).findFirst().orElseThrow();
        robot.clickOn(cell);
        FxWait.until(() -> workstation.pump().map(p -> p.source().equals(first)).orElse(false), 30);
        assertTrue(window.startStop.getText().startsWith("Stop"));
        FxWait.until(() -> first.equals(Settings.load(settingsFile).get(Settings.SOURCE).orElse("")), 10);

        // the layout and overlay are written shortly after they change, too
        boolean heatmap = window.heatmap.isSelected();
        robot.interact(() -> {
            window.split.setDividerPositions(0.5);
            window.heatmap.setSelected(!heatmap);
        });
        FxWait.until(() -> "0.500".equals(Settings.load(settingsFile).get(MainWindow.DIVIDER).orElse("")), 10);
        assertEquals(String.valueOf(!heatmap), Settings.load(settingsFile).get("overlay.heatmap").orElseThrow());
    }

    @Test
    void aMissingCameraIsReportedAndCaptureResumesByItselfWhenItComesBack(FxRobot robot) throws Exception {
        Path later = Files.createTempDirectory("kensa-later").resolve("camera");
        robot.interact(() -> window.source.getEditor().setText("folder:" + later + "?fps=5"));
        robot.push(KeyCode.F5);
        FxWait.until(() -> window.message.getText().contains("next attempt in"), 20);
        assertTrue(window.message.getText().contains(later.getFileName().toString()), window.message.getText());
        assertTrue(window.captureLabel.getText().startsWith("reconnecting"), window.captureLabel.getText());

        Files.createDirectories(later);
        Files.copy(ShippedResources.demoBottle().resolve("test/good/000.png"), later.resolve("000.png"));
        FxWait.until(() -> window.captureLabel.getText().startsWith("running"), 30);
        FxWait.until(() -> window.message.getText().isEmpty(), 30);
    }

    @Test
    void inspectorDecidesOnFrozenCasesWithTheKeyboardAndEveryDecisionIsStored(FxRobot robot) throws Exception {
        assertTrue(window.operatorLabel.getText().contains("Ann Example"), "operator shown in the status bar");
        assertTrue(window.source.getValue().startsWith("folder:"), "last source remembered in the picker");

        robot.push(KeyCode.F5);
        FxWait.until(() -> window.startStop.getText().startsWith("Stop"), 30);
        // the detector trains on first use (seconds), then the defect frames open a case explained offline
        FxWait.until(() -> window.casePane.title.getText().startsWith("Case") && window.casePane.explainer.getText().contains("not an LLM"), 240);
        assertFalse(window.casePane.className.getText().isBlank(), "the offline explainer names a class");
        assertTrue(window.banner.getText().equals("ANOMALOUS") || window.banner.getText().equals("OK"));
        String firstCase = window.casePane.title.getText();
        // the live view's drops and the detector's skipped frames are counted apart
        FxWait.until(() -> window.detectorLabel.getText().contains(" · skipped "), 10);
        assertTrue(window.captureLabel.getText().contains(" · dropped "), window.captureLabel.getText());
        assertInView(window.casePane.accept);
        assertInView(window.casePane.override);

        robot.push(KeyCode.ENTER);
        FxWait.until(() -> window.casePane.saveState.getText().contains("saved (decision"), 30);
        List<Decision> afterAccept = workstation.store().recentDecisions(10);
        assertEquals(1, afterAccept.size());
        assertEquals(Action.ACCEPT, afterAccept.get(0).action());
        assertEquals("a1", afterAccept.get(0).operator().id());

        robot.push(KeyCode.CONTROL, KeyCode.Z);
        FxWait.until(() -> window.casePane.saveState.getText().startsWith("Undone"), 30);
        FxWait.until(() -> window.casePane.title.getText().equals(firstCase), 30);
        assertEquals(Action.UNDO, workstation.store().recentDecisions(10).get(0).action(), "undo is its own event");

        robot.push(KeyCode.O);
        assertInView(window.casePane.confirm);
        robot.push(KeyCode.DIGIT1); // 1 = normal
        robot.push(KeyCode.ENTER);
        FxWait.until(() -> window.casePane.saveState.getText().startsWith("Overridden"), 30);
        Decision override = workstation.store().recentDecisions(10).get(0);
        assertEquals(Action.OVERRIDE, override.action());
        assertEquals("normal", override.finalClass());
        assertEquals(3, workstation.store().recentDecisions(10).size());
        assertTrue(workstation.store().auditTrail().verify().ok(), "audit chain intact");

        robot.push(KeyCode.F12);
        Path snapshots = workstation.home().snapshots();
        FxWait.until(() -> count(snapshots) == 1, 30);
    }

    /** Decision controls are pinned, never scrolled out of a 1280×800 window by a long explanation. */
    private static void assertInView(javafx.scene.Node node) {
        javafx.geometry.Bounds b = node.localToScene(node.getBoundsInLocal());
        double height = node.getScene().getHeight();
        assertTrue(node.isVisible() && b.getMinY() >= 0 && b.getMaxY() <= height,
                node + " at y " + b.getMinY() + "–" + b.getMaxY() + " in a scene " + height + " high");
    }

    private static long count(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.toString().endsWith(".png")).count();
        } catch (Exception e) {
            return -1;
        }
    }
}
