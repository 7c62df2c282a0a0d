package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.capture.Frame;
import io.kensa.capture.FrameSources;
import io.kensa.capture.gige.AravisInstall;
import io.kensa.capture.gige.GigeVisionSource;
import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.inspect.RecipeVersions;
import io.kensa.inspect.Workstation;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.recipe.Publication;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.RecipeWorkspace;
import io.kensa.recipe.Recipes;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * Camera settings from the inspect window to the recipe, headless, on Aravis' in-process fake camera {@code Fake_1}
 * (no sockets) and a data folder of its own (the recipe copy it writes must not shadow the demo recipe for other
 * tests). The detector is not needed and its preparation is cancelled.
 */
@ExtendWith(ApplicationExtension.class)
class CameraSettingsWindowTest {
    private static final String LEGACY = "gige://Fake_1?width=999&trigger=off";
    private static Workstation workstation;
    private MainWindow window;
    private KensaHome home;
    private Path settingsFile;

    @Start
    void start(Stage stage) throws Exception {
        close();
        // as io.kensa.Main does at start-up
        FrameSources.register(GigeVisionSource.SCHEME, spec -> GigeVisionSource.fromSpec(spec.text()));
        home = new KensaHome(Files.createTempDirectory("kensa-camera-window"));
        RecipeWorkspace recipes = new RecipeWorkspace(home);
        Map<String, String> camera = new LinkedHashMap<>();
        camera.put("pixelFormat", "Mono8");
        camera.put("width", "320");
        camera.put("height", "240");
        recipes.editDraft(Recipes.DEMO, Map.of("camera", camera), Map.of());
        recipes.publish(Recipes.DEMO, new Publication("q1", "Quinn Example", java.time.Instant.now(), "camera",
                Optional.empty())); // the station's copy of the demo recipe, v2
        // an older Kensa remembered the camera with the dialog's settings in it
        Settings settings = Settings.empty().with(Settings.STATION, "camera-station")
                .with(Settings.SOURCE, LEGACY);
        TestWindows shown = TestWindows.show(stage, home, settings, new Operator("q1", "Quinn Example", Role.QA_ENGINEER));
        workstation = shown.workstation();
        workstation.cancelDetectorPreparation();
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
    void cameraSettingsStartFromTheRecipeAndAreSavedToItOrKeptForThisSessionOnly(FxRobot robot) throws Exception {
        AravisInstall.require();
        assertEquals("gige://Fake_1", window.picker.source.getValue(), "the station remembers the camera, not its settings");
        assertTrue(window.recipeLabel.getText().contains("(v2, published by Quinn Example"), window.recipeLabel.getText());
        // … and the settings an older Kensa remembered in the source run this session, offered to be saved, and kept
        assertEquals(Map.of("pixelFormat", "Mono8", "width", "999", "height", "240", "trigger", "off"),
                workstation.cameraSettings("gige://Fake_1"));
        assertTrue(workstation.hasSessionCamera("gige://Fake_1"));
        FxWait.until(() -> LEGACY.equals(Settings.load(settingsFile).get(Settings.SOURCE_LEGACY).orElse("")), 10);
        // the cancellation lands once the backbone has loaded (slow on a fresh machine); its message must come before
        // capture starts, or it would stand in for the notice checked below
        FxWait.until(() -> "cancelled".equals(workstation.detectorStats().state()), 180);

        // settings typed into the source run this session over those; the station still remembers the camera alone
        robot.interact(() -> window.picker.source.getEditor().setText("gige://Fake_1?width=640"));
        robot.push(KeyCode.F5);
        awaitRunning();
        assertEquals("gige://Fake_1?pixelFormat=Mono8&width=640&height=240&trigger=off", workstation.pump().orElseThrow().source());
        assertEquals("gige://Fake_1", window.picker.source.getEditor().getText());
        FxWait.until(() -> window.statusBar.captureLabel.getText().contains("camera settings for this session only"), 10);
        FxWait.until(() -> "gige://Fake_1".equals(Settings.load(settingsFile).get(Settings.SOURCE).orElse("")), 10);
        // offered whenever no other message is shown (the cancelled detector's message goes once capture runs)
        FxWait.until(() -> window.message.getText().contains("width=999, trigger=off")
                && window.message.getText().contains("Save to recipe"), 10);
        assertEquals(LEGACY, Settings.load(settingsFile).get(Settings.SOURCE_LEGACY).orElse(""), "kept until saved");

        // the dialog starts from what the camera runs with: the recipe's format and height, this session's width
        DialogPane pane = openCameraSettings(robot);
        assertEquals(640, spinner(pane, "#camera-width").getValue());
        assertEquals(240, spinner(pane, "#camera-height").getValue());
        ComboBox<?> format = (ComboBox<?>) pane.lookup("#camera-pixel-format");
        assertEquals("Mono8", format.getValue());
        robot.interact(() -> selectFormat(format, "BayerRG8"));
        robot.clickOn(pane.lookupButton(CameraSettingsDialog.SAVE));

        // saved into the recipe's draft (QA publishes it in the Recipes tab): this station runs with it at once, the
        // line's recipe stays v2, and nothing of it is in the station's source
        RecipeVersions versions = new RecipeVersions(new RecipeWorkspace(home), java.time.Clock.systemUTC());
        FxWait.until(() -> versions.hasDraft(Recipes.DEMO) && window.statusBar.captureLabel.getText().startsWith("running")
                && workstation.pump().map(p -> p.source().contains("pixelFormat=BayerRG8")).orElse(false), 30);
        Recipe draft = versions.current(Recipes.DEMO);
        assertEquals("BayerRG8", draft.camera().get("pixelFormat"));
        assertEquals("640", draft.camera().get("width"));
        assertEquals("240", draft.camera().get("height"));
        assertTrue(draft.camera().containsKey("exposure"), "every setting the camera offers is in the draft: " + draft.camera());
        assertEquals(2, workstation.recipe().version());
        assertEquals("Mono8", Recipes.read(home.recipes().resolve("bottle/recipe.json")).camera().get("pixelFormat"),
                "the line's recipe is unchanged until the draft is published");
        assertTrue(window.recipeLabel.getText().contains("(v2"), window.recipeLabel.getText());
        assertTrue(workstation.pump().orElseThrow().source().startsWith("gige://Fake_1?pixelFormat=BayerRG8&width=640&height=240"),
                workstation.pump().orElseThrow().source());
        assertEquals("gige://Fake_1", Settings.load(settingsFile).get(Settings.SOURCE).orElseThrow());
        FxWait.until(() -> Settings.load(settingsFile).get(Settings.SOURCE_LEGACY).isEmpty(), 10);
        assertFalse(window.message.getText().contains("previous Kensa version"), window.message.getText());
        Frame frame = awaitFrame();
        assertEquals(640, frame.width());
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, frame.image().getType(), "Bayer frames arrive in colour");

        // "this session only" leaves the recipe alone
        DialogPane again = openCameraSettings(robot);
        assertEquals("BayerRG8", ((ComboBox<?>) again.lookup("#camera-pixel-format")).getValue(), "starts from what the camera runs with");
        robot.interact(() -> spinner(again, "#camera-height").getValueFactory().setValue(480));
        robot.clickOn(again.lookupButton(CameraSettingsDialog.SESSION));
        FxWait.until(() -> workstation.pump().map(p -> p.source().contains("height=480")).orElse(false)
                && window.statusBar.captureLabel.getText().contains("session only"), 30);
        assertEquals(2, workstation.recipe().version());
        assertEquals("240", versions.current(Recipes.DEMO).camera().get("height"), "the draft keeps what was saved");
        assertEquals("gige://Fake_1", Settings.load(settingsFile).get(Settings.SOURCE).orElseThrow());
    }

    private void awaitRunning() {
        try {
            FxWait.until(() -> window.statusBar.captureLabel.getText().startsWith("running"), 30);
        } catch (Exception e) {
            fail("not running: " + window.statusBar.captureLabel.getText() + " | " + window.message.getText() + " | "
                    + window.live.placeholder.getText());
        }
    }

    @SuppressWarnings("unchecked")
    private static void selectFormat(ComboBox<?> format, String value) {
        ((ComboBox<String>) format).setValue(value);
    }

    @SuppressWarnings("unchecked")
    private static Spinner<Integer> spinner(DialogPane pane, String id) {
        return (Spinner<Integer>) pane.lookup(id);
    }

    /** Opens Camera settings from the window's menu and waits until the camera's features are shown. */
    private DialogPane openCameraSettings(FxRobot robot) throws Exception {
        robot.interact(window.cameraSettings::fire);
        FxWait.until(() -> dialogPane(robot) != null && !dialogPane(robot).lookupButton(CameraSettingsDialog.SAVE).isDisabled(), 30);
        return dialogPane(robot);
    }

    private static DialogPane dialogPane(FxRobot robot) {
        return robot.lookup(".dialog-pane").queryAllAs(DialogPane.class).stream()
                .filter(p -> p.lookupButton(CameraSettingsDialog.SAVE) != null && p.getScene() != null
                        && p.getScene().getWindow() != null && p.getScene().getWindow().isShowing())
                .findFirst().orElse(null);
    }

    private static Frame awaitFrame() throws Exception {
        long end = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < end) {
            var latest = workstation.pump().flatMap(p -> p.latest());
            if (latest.isPresent() && latest.get().width() == 640) {
                return latest.get();
            }
            Thread.sleep(50);
        }
        return workstation.pump().flatMap(p -> p.latest()).orElseThrow();
    }
}
