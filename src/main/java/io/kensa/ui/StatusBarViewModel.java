package io.kensa.ui;

import io.kensa.capture.FramePump;
import io.kensa.inspect.Workstation;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The Inspect screen's status bar: capture, detector and explainer figures (refreshed on the pulse), the detector's
 * preparation with its Cancel / Prepare detector button, and the status text of the last thing done.
 */
final class StatusBarViewModel {
    private final Workstation workstation;
    private final FrameRenderer renderer;
    private final StringProperty captureStatus = new SimpleStringProperty("");
    private final StringProperty detectorStatus = new SimpleStringProperty("");
    private final StringProperty explainerStatus = new SimpleStringProperty("");
    private final StringProperty explainerTooltip = new SimpleStringProperty("");
    private final StringProperty statusText = new SimpleStringProperty("");
    private final DoubleProperty modelProgress = new SimpleDoubleProperty(0);
    private final BooleanProperty modelWorking = new SimpleBooleanProperty(true);
    private final StringProperty modelActionText = new SimpleStringProperty("Cancel");
    private final BooleanProperty modelActionVisible = new SimpleBooleanProperty(true);

    StatusBarViewModel(Workstation workstation, FrameRenderer renderer) {
        this.workstation = workstation;
        this.renderer = renderer;
        describeExplainer();
    }

    ReadOnlyStringProperty captureStatus() { return captureStatus; }
    ReadOnlyStringProperty detectorStatus() { return detectorStatus; }
    ReadOnlyStringProperty explainerStatus() { return explainerStatus; }
    ReadOnlyStringProperty explainerTooltip() { return explainerTooltip; }
    /** The last thing done (snapshot saved, camera settings saved) or the detector's progress and failure. */
    ReadOnlyStringProperty statusText() { return statusText; }
    ReadOnlyDoubleProperty modelProgress() { return modelProgress; }
    ReadOnlyBooleanProperty modelWorking() { return modelWorking; }
    ReadOnlyStringProperty modelActionText() { return modelActionText; }
    ReadOnlyBooleanProperty modelActionVisible() { return modelActionVisible; }

    void show(String text) {
        statusText.set(text);
    }

    /** The explainer and database, as set up now (after start and after the settings changed). */
    void describeExplainer() {
        explainerTooltip.set(workstation.explainer().describe() + "\nDatabase " + workstation.database().describe());
    }

    /** @param sessionCamera whether the running camera uses settings for this session only */
    void refresh(boolean sessionCamera) {
        var stats = workstation.pump().map(FramePump::stats);
        captureStatus.set(StatusLine.capture(stats, renderer.displayFps(), renderer.shown(), sessionCamera));
        detectorStatus.set(StatusLine.detector(workstation.detectorStats(), stats));
        explainerStatus.set(StatusLine.explainer(workstation.explainer().stats()));
    }

    /** The detector's preparation moved on; returns whether it finished with a failure (worth a message). */
    boolean model(double fraction, String text, boolean finished) {
        modelProgress.set(fraction);
        modelWorking.set(!finished);
        boolean failed = finished && !text.startsWith("Detector ready");
        modelActionText.set(finished ? "Prepare detector" : "Cancel");
        modelActionVisible.set(!finished || failed);
        // progress and failures are worth the space; "ready" is already in the detector label
        statusText.set(finished && !failed ? "" : text);
        return failed;
    }

    /** The button next to the progress: cancels the preparation while it runs, else prepares the detector again. */
    void modelAction() {
        if (modelWorking.get()) {
            workstation.cancelDetectorPreparation();
        } else {
            workstation.prepareDetector();
        }
    }
}
