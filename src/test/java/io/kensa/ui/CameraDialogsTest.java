package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.capture.gige.AravisInstall;
import io.kensa.capture.gige.CameraDiscovery;
import io.kensa.capture.gige.GigeSourceSettings;
import io.kensa.capture.gige.GigeVisionSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * "Find cameras" and "Camera settings" on screen, headless: that the controls show and drive their view-models
 * (the rules themselves are tested in {@link CameraSettingsViewModelTest} and {@link CamerasViewModelTest}), against
 * Aravis' in-process fake camera {@code Fake_1} (no sockets). Discovery here is the fake-only kind, which switches
 * every network interface of Aravis off while it lists, so these tests never broadcast.
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
        CamerasDialog dialog = onFx(() -> CamerasDialog.create(CameraDiscovery::findFakeCameras));
        robot.interact(dialog::show);
        TableView<?> table = find(dialog, "#cameras-table");
        FxWait.until(() -> !table.getItems().isEmpty(), 20);

        assertEquals(1, table.getItems().size(), table.getItems().toString());
        assertEquals(0, table.getSelectionModel().getSelectedIndex(), "the first camera is selected");
        Label status = find(dialog, "#cameras-status");
        assertTrue(status.getText().startsWith("Found 1 camera"), status.getText());
        assertTrue(((Pane) find(dialog, "#cameras-problems")).getChildren().isEmpty());
        assertFalse(find(dialog, "#cameras-search").isDisabled(), "Search again is offered once the search ended");

        robot.clickOn(dialog.getDialogPane().lookupButton(CamerasDialog.USE));
        FxWait.until(() -> !dialog.isShowing(), 30);
        assertEquals("gige://Fake_1", dialog.getResult());
    }

    @Test
    void findCamerasShowsWhyAKindCouldNotBeListed(FxRobot robot) throws Exception {
        String missing = GigeVisionSource.installHint() + " (Unable to load library 'aravis-0.8')";
        CamerasDialog dialog = onFx(() -> CamerasDialog.create(() -> new CameraDiscovery.Result(List.of(), List.of(missing))));
        robot.interact(dialog::show);
        Pane problems = find(dialog, "#cameras-problems");
        FxWait.until(() -> !problems.getChildren().isEmpty(), 30);

        String shown = ((Label) problems.getChildren().get(0)).getText();
        assertTrue(shown.contains("apt-get install libaravis-0.8-0"), shown);
        assertTrue(((Label) find(dialog, "#cameras-status")).getText().startsWith("No cameras found"));
        assertTrue(dialog.getDialogPane().lookupButton(CamerasDialog.USE).isDisabled(), "nothing to choose");
        robot.interact(dialog::close);
        assertNull(dialog.getResult());
    }

    @Test
    void settingsShowTheCamerasRangesAndReturnWhatWasEntered(FxRobot robot) throws Exception {
        AravisInstall.require();
        Map<String, String> start = new java.util.LinkedHashMap<>();
        start.put("width", "320");
        start.put("exposure", "auto");
        start.put("shutterAngle", "180");
        CameraSettingsDialog dialog = onFx(() -> CameraSettingsDialog.create("gige://Fake_1?width=320", start));
        robot.interact(dialog::show);
        FxWait.until(() -> !dialog.getDialogPane().lookupButton(CameraSettingsDialog.SAVE).isDisabled(), 20);
        assertEquals("gige://Fake_1", dialog.getHeaderText());

        // the controls show the view-model: the camera's ranges, its choices, the start value, the notes
        assertTrue(((Label) find(dialog, "#camera-status")).getText().startsWith("Aravis Fake"));
        Spinner<Integer> width = find(dialog, "#camera-width");
        var widthRange = (SpinnerValueFactory.IntegerSpinnerValueFactory) width.getValueFactory();
        assertEquals(2048, widthRange.getMax());
        assertEquals(320, width.getValue());
        assertTrue(((ComboBox<?>) find(dialog, "#camera-pixel-format")).getItems().contains("BayerRG8"));
        assertFalse(((ComboBox<?>) find(dialog, "#camera-trigger")).getItems().isEmpty());
        assertNull(dialog.getDialogPane().lookup("#camera-exposure-auto"), "no automatic exposure on this camera");
        CheckBox gainAuto = find(dialog, "#camera-gain-auto");
        Spinner<Double> gain = find(dialog, "#camera-gain");
        assertTrue(gainAuto.isVisible());
        assertEquals(gainAuto.isSelected(), gain.isDisabled(), "the gain spinner is off while automatic");
        String notes = ((Label) find(dialog, "#camera-notes")).getText();
        assertTrue(notes.contains("exposure=auto: this camera has no automatic exposure"), notes);
        assertTrue(notes.contains("shutterAngle=180 is not a camera setting Kensa knows"), notes);
        Screenshots.saveIfAsked(robot, dialog.getDialogPane(), "kensa.screenshot.cameraSettings");

        // a width the camera cannot take becomes the nearest it can when the field is left
        typeInto(robot, width.getEditor(), "5000");
        robot.push(KeyCode.TAB);
        FxWait.until(() -> width.getValue() == 2048, 30);
        assertEquals("2048", width.getEditor().getText());
        // a region that does not fit is refused with the numbers, and the dialog stays open
        Spinner<Integer> offsetX = find(dialog, "#camera-offset-x");
        typeInto(robot, offsetX.getEditor(), "100");
        robot.clickOn(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SAVE));
        Label error = find(dialog, "#camera-error");
        FxWait.until(() -> !error.getText().isEmpty(), 30);
        assertTrue(error.getText().contains("Offset X 100 + width 2048 is more than the sensor width 2048"), error.getText());
        assertTrue(dialog.isShowing());
        typeInto(robot, offsetX.getEditor(), "0");

        typeInto(robot, width.getEditor(), "640");
        typeInto(robot, ((Spinner<?>) find(dialog, "#camera-height")).getEditor(), "480");
        typeInto(robot, ((Spinner<?>) find(dialog, "#camera-fps")).getEditor(), "40");
        typeInto(robot, ((Spinner<?>) find(dialog, "#camera-exposure")).getEditor(), "20000");
        robot.interact(() -> {
            CameraDialogsTest.<ComboBox<String>>cast(find(dialog, "#camera-pixel-format")).setValue("BayerRG8");
            gainAuto.setSelected(false);
            gain.getValueFactory().setValue(2.0);
        });
        assertFalse(gain.isDisabled());
        robot.clickOn(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SAVE));
        FxWait.until(() -> !dialog.isShowing(), 30);

        CameraChoice choice = dialog.getResult();
        assertTrue(choice.saveToRecipe());
        assertEquals("gige://Fake_1", choice.camera(), "the station remembers the camera alone");
        assertEquals("gige://Fake_1?pixelFormat=BayerRG8&offsetX=0&offsetY=0&width=640&height=480&fps=40"
                + "&exposure=20000&gain=2&trigger=off",
                GigeSourceSettings.parse(choice.camera()).withSettings(choice.settings()).toSpec());
    }

    @Test
    void aMissingCameraIsAClearMessageWithARetry(FxRobot robot) throws Exception {
        AravisInstall.require();
        // 127.0.0.9 is loopback: opening by address sends unicast there only, and nobody answers
        CameraSettingsDialog dialog = onFx(() -> CameraSettingsDialog.create("gige://127.0.0.9", Map.of()));
        robot.interact(dialog::show);
        Node retry = find(dialog, "#camera-retry");
        FxWait.until(retry::isVisible, 30);

        Label status = find(dialog, "#camera-status");
        assertTrue(status.getText().startsWith("Cannot open GigE Vision camera '127.0.0.9'"), status.getText());
        assertTrue(status.getStyleClass().contains("error-text"));
        assertTrue(((GridPane) find(dialog, "#camera-form")).getChildren().isEmpty());
        assertTrue(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SAVE).isDisabled());
        assertTrue(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SESSION).isDisabled());
        robot.interact(dialog::close);
        assertNull(dialog.getResult());
    }

    @Test
    void usbCamerasGetSizeAndFrameRateRequests(FxRobot robot) throws Exception {
        CameraSettingsDialog dialog = onFx(() -> CameraSettingsDialog.create("usb:0?width=640", Map.of("width", "640")));
        robot.interact(dialog::show);
        assertEquals("640", ((TextField) find(dialog, "#camera-usb-width")).getText());
        assertFalse(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SESSION).isDisabled());

        typeInto(robot, find(dialog, "#camera-usb-fps"), "fast");
        robot.clickOn(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SESSION));
        Label error = find(dialog, "#camera-error");
        FxWait.until(() -> !error.getText().isEmpty(), 30);
        assertTrue(error.getText().contains("fps must be a number"), error.getText());
        assertTrue(dialog.isShowing());

        typeInto(robot, find(dialog, "#camera-usb-height"), "480");
        typeInto(robot, find(dialog, "#camera-usb-fps"), "30");
        robot.clickOn(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SESSION));
        FxWait.until(() -> !dialog.isShowing(), 30);
        CameraChoice choice = dialog.getResult();
        assertFalse(choice.saveToRecipe(), "this session only");
        assertEquals("usb:0", choice.camera());
        assertEquals(Map.of("width", "640", "height", "480", "fps", "30"), choice.settings());
    }

    @Test
    void replaysHaveNoCameraSettings(FxRobot robot) throws Exception {
        CameraSettingsDialog dialog = onFx(() -> CameraSettingsDialog.create("folder:/data/bottle?fps=5", Map.of()));
        robot.interact(dialog::show);
        Label status = find(dialog, "#camera-status");
        assertTrue(status.getText().contains("not a camera"), status.getText());
        assertTrue(dialog.getDialogPane().lookupButton(CameraSettingsDialog.SAVE).isDisabled());
        robot.clickOn(dialog.getDialogPane().lookupButton(ButtonType.CANCEL));
        FxWait.until(() -> !dialog.isShowing(), 30);
        assertNull(dialog.getResult());
    }

    private static <T extends Node> T find(Dialog<?> dialog, String id) {
        Node node = dialog.getDialogPane().lookup(id);
        if (node == null) {
            throw new AssertionError("no " + id + " in the dialog");
        }
        return cast(node);
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object node) {
        return (T) node;
    }

    private static void typeInto(FxRobot robot, TextField field, String text) {
        robot.clickOn(field);
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write(text);
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> create) throws Exception {
        return WaitForAsyncUtils.asyncFx(create).get(10, TimeUnit.SECONDS);
    }
}
