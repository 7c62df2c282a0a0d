package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.capture.CaptureException;
import io.kensa.capture.Frame;
import io.kensa.capture.gige.AravisInstall;
import io.kensa.capture.gige.CameraDiscovery;
import io.kensa.capture.gige.CameraFeatures;
import io.kensa.capture.gige.GigeSourceSettings;
import io.kensa.capture.gige.GigeVisionSource;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Find cameras" and "Camera settings", headless, against Aravis' in-process fake camera {@code Fake_1} (no
 * sockets). Discovery here is the fake-only kind, which switches every network interface of Aravis off while it
 * lists, so these tests never broadcast.
 */
@ExtendWith(ApplicationExtension.class)
class CameraDialogsTest {

    @Start
    void start(Stage stage) {
        stage.setScene(new Scene(new StackPane(), 300, 200));
        stage.show();
    }

    @Test
    void findCamerasListsTheFakeCameraAndReturnsItsSpec(FxRobot robot) throws Exception {
        AravisInstall.require();
        CamerasDialog dialog = onFx(() -> new CamerasDialog(CameraDiscovery::findFakeCameras));
        robot.interact(dialog::show);
        FxWait.until(() -> !dialog.table.getItems().isEmpty(), 20);

        CameraDiscovery.DiscoveredCamera fake = dialog.table.getItems().get(0);
        assertEquals(1, dialog.table.getItems().size(), dialog.table.getItems().toString());
        assertEquals("gige://Fake_1", fake.spec());
        assertEquals("Aravis", fake.vendor());
        assertEquals("Fake", fake.model());
        assertTrue(dialog.status.getText().startsWith("Found 1 camera"), dialog.status.getText());
        assertTrue(dialog.problems.getChildren().isEmpty());
        assertFalse(dialog.progress.isVisible());

        robot.clickOn(dialog.getDialogPane().lookupButton(CamerasDialog.USE));
        FxWait.until(() -> !dialog.isShowing(), 30);
        assertEquals("gige://Fake_1", dialog.getResult());
    }

    @Test
    void findCamerasShowsWhyAKindCouldNotBeListed(FxRobot robot) throws Exception {
        String missing = GigeVisionSource.installHint() + " (Unable to load library 'aravis-0.8')";
        CamerasDialog dialog = onFx(() -> new CamerasDialog(
                () -> new CameraDiscovery.Result(List.of(), List.of(missing))));
        robot.interact(dialog::show);
        FxWait.until(() -> !dialog.problems.getChildren().isEmpty(), 30);

        String shown = ((Label) dialog.problems.getChildren().get(0)).getText();
        assertTrue(shown.contains("apt-get install libaravis-0.8-0"), shown);
        assertTrue(dialog.status.getText().startsWith("No cameras found"), dialog.status.getText());
        assertTrue(dialog.getDialogPane().lookupButton(CamerasDialog.USE).isDisabled(), "nothing to choose");
        robot.interact(dialog::close);
        assertNull(dialog.getResult());
    }

    @Test
    void settingsShowTheFakeCamerasOwnRangesAndReturnASpecThatOpensWithTheEditedValues(FxRobot robot) throws Exception {
        AravisInstall.require();
        CameraFeatures real;
        try (GigeVisionSource source = GigeVisionSource.fromSpec("gige://Fake_1")) {
            source.open();
            real = source.features();
        }
        // what the camera runs with (the recipe's map, the source's own settings) is shown first
        Map<String, String> start = new java.util.LinkedHashMap<>();
        start.put("width", "320");
        start.put("exposure", "auto");
        start.put("shutterAngle", "180");
        CameraSettingsDialog dialog = onFx(() -> new CameraSettingsDialog("gige://Fake_1?width=320", start));
        robot.interact(dialog::show);
        FxWait.until(() -> !dialog.getDialogPane().lookupButton(CameraSettingsDialog.SAVE).isDisabled(), 20);
        assertEquals("gige://Fake_1", dialog.getHeaderText());

        // ranges and choices come from the camera
        assertTrue(dialog.status.getText().startsWith("Aravis Fake"), dialog.status.getText());
        var widthRange = (SpinnerValueFactory.IntegerSpinnerValueFactory) dialog.width.getValueFactory();
        assertEquals(real.width().max(), widthRange.getMax());
        assertEquals(2048, widthRange.getMax());
        assertEquals(real.width().min(), widthRange.getMin());
        assertEquals(real.pixelFormats(), dialog.pixelFormat.getItems());
        assertTrue(dialog.pixelFormat.getItems().contains("BayerRG8"));
        var exposureRange = (SpinnerValueFactory.DoubleSpinnerValueFactory) dialog.exposure.getValueFactory();
        assertEquals(real.exposureMicros().orElseThrow().min(), exposureRange.getMin());
        assertEquals(real.exposureMicros().orElseThrow().max(), exposureRange.getMax());
        var fpsRange = (SpinnerValueFactory.DoubleSpinnerValueFactory) dialog.fps.getValueFactory();
        assertEquals(real.frameRate().orElseThrow().max(), fpsRange.getMax());
        assertEquals(real.triggerModes(), dialog.trigger.getItems());
        // the fake camera has automatic gain but no automatic exposure: only the gain offers "Automatic"
        assertNull(dialog.exposureAuto.getParent(), "no automatic exposure on this camera");
        assertTrue(dialog.gainAuto.getParent() != null && dialog.gainAuto.isVisible());
        assertTrue(dialog.notes.getText().contains("exposure=auto: this camera has no automatic exposure"), dialog.notes.getText());
        assertTrue(dialog.notes.getText().contains("shutterAngle=180 is not a camera setting Kensa knows"), dialog.notes.getText());
        // the start value is shown first
        assertEquals(320, dialog.width.getValue());

        // a width the camera cannot take becomes the nearest it can when the field is left
        typeInto(robot, dialog.width.getEditor(), "5000");
        robot.push(KeyCode.TAB);
        FxWait.until(() -> dialog.width.getValue() == 2048, 30);
        assertEquals("2048", dialog.width.getEditor().getText());
        // a region that does not fit on the sensor is refused with the numbers, and the dialog stays open
        typeInto(robot, dialog.offsetX.getEditor(), "100");
        robot.clickOn(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SAVE));
        FxWait.until(() -> !dialog.error.getText().isEmpty(), 30);
        assertTrue(dialog.error.getText().contains("Offset X 100 + width 2048 is more than the sensor width 2048"), dialog.error.getText());
        assertTrue(dialog.isShowing());
        typeInto(robot, dialog.offsetX.getEditor(), "0");

        typeInto(robot, dialog.width.getEditor(), "640");
        typeInto(robot, dialog.height.getEditor(), "480");
        typeInto(robot, dialog.fps.getEditor(), "40");
        typeInto(robot, dialog.exposure.getEditor(), "20000");
        robot.interact(() -> {
            dialog.pixelFormat.setValue("BayerRG8");
            dialog.gainAuto.setSelected(false);
            dialog.gain.getValueFactory().setValue(2.0);
        });
        robot.clickOn(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SAVE));
        FxWait.until(() -> !dialog.isShowing(), 30);

        CameraSettingsDialog.Choice choice = dialog.getResult();
        assertTrue(choice.saveToRecipe());
        assertEquals("gige://Fake_1", choice.camera(), "the station remembers the camera alone");
        assertEquals(List.of("pixelFormat", "width", "height", "offsetX", "offsetY", "fps", "exposure", "gain", "trigger"),
                List.copyOf(choice.settings().keySet()));
        assertEquals("640", choice.settings().get("width"));
        String spec = GigeSourceSettings.parse(choice.camera()).withSettings(choice.settings()).toSpec();
        assertEquals("gige://Fake_1?pixelFormat=BayerRG8&offsetX=0&offsetY=0&width=640&height=480&fps=40"
                + "&exposure=20000&gain=2&trigger=off", spec);
        try (GigeVisionSource source = GigeVisionSource.fromSpec(spec)) {
            source.open();
            assertTrue(source.warnings().isEmpty(), source.warnings().toString());
            Frame frame = source.grab();
            assertEquals(640, frame.width());
            assertEquals(480, frame.height());
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, frame.image().getType(), "Bayer frames arrive in colour");
            Map<String, String> now = source.features().current();
            assertEquals("BayerRG8", now.get("pixelFormat"));
            assertEquals("40", now.get("fps"));
            assertEquals("20000", now.get("exposure"));
            assertEquals("2", now.get("gain"));
        }
    }

    @Test
    void aMissingCameraIsAClearMessageWithARetry(FxRobot robot) throws Exception {
        AravisInstall.require();
        // 127.0.0.9 is loopback: opening by address sends unicast there only, and nobody answers
        CameraSettingsDialog dialog = onFx(() -> new CameraSettingsDialog("gige://127.0.0.9", Map.of()));
        robot.interact(dialog::show);
        FxWait.until(() -> dialog.retry.isVisible(), 30);

        String message = dialog.status.getText();
        assertTrue(message.startsWith("Cannot open GigE Vision camera '127.0.0.9'"), message);
        assertTrue(message.contains("Check the address"), message);
        assertFalse(message.contains("Exception") || message.contains("\tat "), "no stack trace: " + message);
        assertTrue(dialog.status.getStyleClass().contains("error-text"));
        assertTrue(dialog.form.getChildren().isEmpty());
        assertTrue(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SAVE).isDisabled());
        assertTrue(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SESSION).isDisabled());
        robot.interact(dialog::close);
        assertNull(dialog.getResult());
    }

    @Test
    void usbCamerasGetSizeAndFrameRateRequests(FxRobot robot) throws Exception {
        CameraSettingsDialog dialog = onFx(() -> new CameraSettingsDialog("usb:0?width=640", Map.of("width", "640")));
        robot.interact(dialog::show);
        assertEquals("640", dialog.usbWidth.getText());
        assertFalse(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SESSION).isDisabled());

        typeInto(robot, dialog.usbFps, "fast");
        robot.clickOn(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SESSION));
        FxWait.until(() -> !dialog.error.getText().isEmpty(), 30);
        assertTrue(dialog.error.getText().contains("fps must be a number"), dialog.error.getText());

        typeInto(robot, dialog.usbHeight, "480");
        typeInto(robot, dialog.usbFps, "30");
        robot.clickOn(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SESSION));
        FxWait.until(() -> !dialog.isShowing(), 30);
        CameraSettingsDialog.Choice choice = dialog.getResult();
        assertFalse(choice.saveToRecipe(), "this session only");
        assertEquals("usb:0", choice.camera());
        assertEquals(Map.of("width", "640", "height", "480", "fps", "30"), choice.settings());
    }

    @Test
    void replaysHaveNoCameraSettings(FxRobot robot) throws Exception {
        CameraSettingsDialog dialog = onFx(() -> new CameraSettingsDialog("folder:/data/bottle?fps=5", Map.of()));
        robot.interact(dialog::show);
        assertTrue(dialog.status.getText().contains("not a camera"), dialog.status.getText());
        assertTrue(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SAVE).isDisabled());
        Node cancel = dialog.getDialogPane().lookupButton(ButtonType.CANCEL);
        robot.clickOn(cancel);
        FxWait.until(() -> !dialog.isShowing(), 30);
        assertNull(dialog.getResult());
    }

    private static void typeInto(FxRobot robot, javafx.scene.control.TextField field, String text) {
        robot.clickOn(field);
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write(text);
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> create) throws Exception {
        return WaitForAsyncUtils.asyncFx(create).get(10, TimeUnit.SECONDS);
    }
}
