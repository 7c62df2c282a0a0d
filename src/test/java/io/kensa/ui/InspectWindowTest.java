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
import io.kensa.store.InspectionStore;
import io.kensa.store.ReviewQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
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
 * way an inspector does and checks what reached the database. What each command and key does is tested on the
 * view-model ({@link InspectViewModelTest}); this checks that the screen is bound to it: keys reach it, the picker and
 * the controls drive it, its texts are on screen and the decision buttons stay in view. Nodes are found by id.
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

    private javafx.scene.Node node(String selector) {
        return window.root().lookup(selector);
    }

    private Label label(String selector) {
        return (Label) node(selector);
    }

    @SuppressWarnings("unchecked")
    private ComboBox<String> source() {
        return (ComboBox<String>) node("#source");
    }

    private CheckBox heatmap() {
        return (CheckBox) node("#heatmap");
    }

    @SuppressWarnings("unchecked")
    private Spinner<Double> replayFps() {
        return (Spinner<Double>) node("#replay-fps");
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
        boolean heatmapBefore = heatmap().isSelected();
        robot.clickOn(source().getEditor());
        robot.interact(() -> source().getEditor().clear());
        robot.write("folder:/tmp/zoo-hlo");
        assertEquals("folder:/tmp/zoo-hlo", source().getEditor().getText(), "every letter reached the field");
        assertEquals(heatmapBefore, heatmap().isSelected(), "H typed into the field is a letter, not the heatmap key");
        assertFalse(node("#override-panel").isVisible());
    }

    @Test
    void aFailedStartSaysWhyInTheLiveViewAndStartStaysUsable(FxRobot robot) throws Exception {
        robot.clickOn(source().getEditor());
        robot.interact(() -> source().getEditor().clear());
        robot.write("bogus");
        robot.push(KeyCode.ENTER);
        FxWait.until(() -> label("#message").getText().contains("not a source name"), 30);
        String shown = label("#live-message").getText();
        assertTrue(shown.startsWith("Not started: 'bogus' is not a source name"), shown);
        assertTrue(label("#live-message").isVisible());
        assertFalse(node("#start-stop").isDisabled(), "Start can be pressed again");
        assertEquals("Start  F5", ((Labeled) node("#start-stop")).getText());
        assertEquals("IDLE", label("#banner").getText());
        assertFalse(workstation.capturing());
    }

    @Test
    void enterOrAPickFromTheListSwitchesTheRunningSourceWhichIsRememberedAtOnce(FxRobot robot) throws Exception {
        String first = "folder:" + replay + "?fps=4";
        robot.push(KeyCode.F5);
        FxWait.until(() -> label("#capture-status").getText().startsWith("running"), 30);
        // remembered while the window is open: a crash does not lose it
        FxWait.until(() -> first.equals(Settings.load(settingsFile).get(Settings.SOURCE).orElse("")), 10);

        // the replay rate is set from the toolbar while running
        assertTrue(replayFps().isVisible() && !replayFps().isDisabled());
        assertEquals(4.0, replayFps().getValue());
        robot.interact(() -> replayFps().getValueFactory().setValue(8.0));
        assertEquals(8.0, workstation.pump().orElseThrow().replayFps().orElseThrow());

        Path other = Files.createTempDirectory("kensa-other");
        Files.copy(ShippedResources.demoBottle().resolve("test/good/000.png"), other.resolve("000.png"));
        // faster than the spinner's old limit: shown as it runs, never slowed down by the window
        String second = "folder:" + other + "?fps=500";
        robot.clickOn(source().getEditor());
        robot.interact(() -> source().getEditor().clear());
        robot.write(second);
        robot.push(KeyCode.ENTER);
        FxWait.until(() -> workstation.pump().map(p -> p.source().equals(second)).orElse(false), 30);
        FxWait.until(() -> second.equals(Settings.load(settingsFile).get(Settings.SOURCE).orElse("")), 10);
        assertEquals(500.0, replayFps().getValue(), "the control follows the new replay");
        assertEquals(500.0, workstation.pump().orElseThrow().replayFps().orElseThrow());
        assertEquals(List.of(second, first), source().getItems().subList(0, 2), "recent sources, newest first");

        // a pick from the recent list switches back
        robot.interact(source()::show);
        javafx.scene.control.ListCell<?> cell = robot.lookup(".list-cell").queryAllAs(javafx.scene.control.ListCell.class).stream()
                .filter(c -> first.equals(c.getText())).findFirst().orElseThrow();
        robot.clickOn(cell);
        FxWait.until(() -> workstation.pump().map(p -> p.source().equals(first)).orElse(false), 30);
        assertTrue(((Labeled) node("#start-stop")).getText().startsWith("Stop"));
        FxWait.until(() -> first.equals(Settings.load(settingsFile).get(Settings.SOURCE).orElse("")), 10);

        // the layout and overlay are written shortly after they change, too
        boolean heatmap = heatmap().isSelected();
        robot.interact(() -> {
            ((SplitPane) node("#inspect-split")).setDividerPositions(0.5);
            heatmap().setSelected(!heatmap);
        });
        FxWait.until(() -> "0.500".equals(Settings.load(settingsFile).get(MainWindow.DIVIDER).orElse("")), 10);
        assertEquals(String.valueOf(!heatmap), Settings.load(settingsFile).get("overlay.heatmap").orElseThrow());
    }

    @Test
    void aMissingCameraIsReportedAndCaptureResumesByItselfWhenItComesBack(FxRobot robot) throws Exception {
        Path later = Files.createTempDirectory("kensa-later").resolve("camera");
        robot.interact(() -> source().getEditor().setText("folder:" + later + "?fps=5"));
        robot.push(KeyCode.F5);
        FxWait.until(() -> label("#message").getText().contains("next attempt in"), 20);
        assertTrue(label("#message").getText().contains(later.getFileName().toString()), label("#message").getText());
        // the status bar is refreshed on its own tick, so it may still say "stopped" for a moment
        FxWait.until(() -> label("#capture-status").getText().startsWith("reconnecting"), 10);

        Files.createDirectories(later);
        Files.copy(ShippedResources.demoBottle().resolve("test/good/000.png"), later.resolve("000.png"));
        FxWait.until(() -> label("#capture-status").getText().startsWith("running"), 30);
        FxWait.until(() -> label("#message").getText().isEmpty(), 30);
    }

    @Test
    void inspectorDecidesOnFrozenCasesWithTheKeyboardAndEveryDecisionIsStored(FxRobot robot) throws Exception {
        assertTrue(label("#operator").getText().contains("Ann Example"), "operator shown in the status bar");
        assertTrue(source().getValue().startsWith("folder:"), "last source remembered in the picker");

        robot.push(KeyCode.F5);
        FxWait.until(() -> ((Labeled) node("#start-stop")).getText().startsWith("Stop"), 30);
        // the detector trains on first use (seconds), then the defect frames open a case explained offline
        FxWait.until(() -> label("#case-title").getText().startsWith("Case") && label("#case-explainer").getText().contains("not an LLM"), 240);
        assertFalse(label("#case-class").getText().isBlank(), "the offline explainer names a class");
        assertTrue(label("#banner").getText().equals("ANOMALOUS") || label("#banner").getText().equals("OK"));
        String firstCase = label("#case-title").getText();
        // the live view's drops and the detector's skipped frames are counted apart
        FxWait.until(() -> label("#detector-status").getText().contains(" · skipped "), 10);
        assertTrue(label("#capture-status").getText().contains(" · dropped "), label("#capture-status").getText());
        assertInView(node("#accept"));
        assertInView(node("#override"));

        robot.push(KeyCode.ENTER);
        FxWait.until(() -> label("#save-state").getText().contains("saved (decision"), 30);
        List<Decision> afterAccept = TestWindows.decisionLog(workstation.store());
        assertEquals(1, afterAccept.size());
        assertEquals(Action.ACCEPT, afterAccept.get(0).action());
        assertEquals("a1", afterAccept.get(0).operator().id());

        robot.push(KeyCode.CONTROL, KeyCode.Z);
        FxWait.until(() -> label("#save-state").getText().startsWith("Undone"), 30);
        FxWait.until(() -> label("#case-title").getText().equals(firstCase), 30);
        assertEquals(Action.UNDO, TestWindows.decisionLog(workstation.store()).get(0).action(), "undo is its own event");

        robot.push(KeyCode.O);
        assertInView(node("#confirm-override"));
        robot.push(KeyCode.DIGIT1); // 1 = normal
        robot.push(KeyCode.ENTER);
        FxWait.until(() -> label("#save-state").getText().startsWith("Overridden"), 30);
        Decision override = TestWindows.decisionLog(workstation.store()).get(0);
        assertEquals(Action.OVERRIDE, override.action());
        assertEquals("normal", override.finalClass());
        assertEquals(3, TestWindows.decisionLog(workstation.store()).size());
        // verify reads the chain in several statements: stop recording new frames first so it checks a still chain
        workstation.stopCapture();
        FxWait.until(() -> verifies(workstation), 30);

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

    /** Every decision row on decided inspections, newest first, through the supervisor's query. */

    private static boolean verifies(Workstation workstation) {
        try {
            return workstation.store().auditTrail().verify().ok();
        } catch (Exception e) {
            throw new AssertionError("audit verify failed", e);
        }
    }
}
