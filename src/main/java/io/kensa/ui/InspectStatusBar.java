package io.kensa.ui;

import javafx.geometry.Orientation;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.Tooltip;
import org.controlsfx.control.StatusBar;

/**
 * The Inspect screen's status bar — who is signed in, capture, detector (with its preparation and Cancel / Prepare
 * detector) and explainer — bound to a {@link StatusBarViewModel}.
 */
final class InspectStatusBar {
    final StatusBar bar = new StatusBar();
    final Label operatorLabel = new Label();
    final Label captureLabel = new Label();
    final Label detectorLabel = new Label();
    final Label explainerLabel = new Label();
    final ProgressBar modelProgress = new ProgressBar(0);
    final Button modelAction = new Button();

    InspectStatusBar(StatusBarViewModel vm) {
        bar.getStyleClass().add("status-bar");
        bar.textProperty().bind(vm.statusText());
        modelProgress.setPrefWidth(120);
        modelProgress.progressProperty().bind(vm.modelProgress());
        modelProgress.visibleProperty().bind(vm.modelWorking());
        modelProgress.managedProperty().bind(vm.modelWorking());
        modelAction.textProperty().bind(vm.modelActionText());
        modelAction.visibleProperty().bind(vm.modelActionVisible());
        modelAction.managedProperty().bind(vm.modelActionVisible());
        modelAction.setOnAction(e -> vm.modelAction());
        bar.getLeftItems().setAll(operatorLabel, new Separator(Orientation.VERTICAL), captureLabel);
        bar.getRightItems().setAll(detectorLabel, modelProgress, modelAction, new Separator(Orientation.VERTICAL), explainerLabel);
        captureLabel.textProperty().bind(vm.captureStatus());
        detectorLabel.textProperty().bind(vm.detectorStatus());
        explainerLabel.textProperty().bind(vm.explainerStatus());
        captureLabel.setTooltip(new Tooltip("dropped: camera frames the live view never showed because it fell behind"));
        detectorLabel.setTooltip(new Tooltip("skipped: frames the detector did not look at because it was still busy with "
                + "the one before (normal when the camera is faster than the detector; it always takes the newest)"));
        Tooltip explainerTip = new Tooltip();
        explainerTip.textProperty().bind(vm.explainerTooltip());
        explainerLabel.setTooltip(explainerTip);
        operatorLabel.setId("operator");
        captureLabel.setId("capture-status");
        detectorLabel.setId("detector-status");
    }

    /** Who is signed in, with what that means for the decisions. */
    void operator(String text, String tooltip) {
        operatorLabel.setText(text);
        operatorLabel.setTooltip(new Tooltip(tooltip));
    }
}
