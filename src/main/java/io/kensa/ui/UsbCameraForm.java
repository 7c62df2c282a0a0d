package io.kensa.ui;

import io.kensa.capture.CaptureException;
import io.kensa.capture.SourceSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A {@code usb:} camera's form: it cannot be asked what it offers before it opens, so it gets width, height and frame
 * rate requests as typed; an empty field means the camera's default.
 */
final class UsbCameraForm implements CameraForm {
    private final StringProperty width = new SimpleStringProperty("");
    private final StringProperty height = new SimpleStringProperty("");
    private final StringProperty fps = new SimpleStringProperty("");
    private SourceSpec camera;

    /** Shows {@code camera}'s requests, starting from {@code start} (what it runs with now). */
    Layout offer(SourceSpec camera, Map<String, String> start) {
        this.camera = camera;
        width.set(start.getOrDefault("width", ""));
        height.set(start.getOrDefault("height", ""));
        fps.set(start.getOrDefault("fps", ""));
        return new Layout(List.of(Row.of("Width (px)", Field.USB_WIDTH, "e.g. 1280"),
                Row.of("Height (px)", Field.USB_HEIGHT, "e.g. 720"), Row.of("Frame rate (fps)", Field.USB_FPS, "e.g. 30")),
                List.of("A USB camera cannot be asked what it offers before it opens; leave a field empty for the camera's default."));
    }

    /** The status line while the form is shown. */
    String describe() {
        return "USB camera " + camera.target() + ": these are requests; the camera keeps its own mode when it "
                + "does not offer them (the live view then says what it gives).";
    }

    @Override
    public CameraChoice choose(boolean saveToRecipe) throws CaptureException {
        Map<String, String> settings = new LinkedHashMap<>();
        addRequest(settings, "width", width.get());
        addRequest(settings, "height", height.get());
        addRequest(settings, "fps", fps.get());
        // parsing checks the numbers: whole positive width/height, fps above 0
        camera.withSettings(settings);
        return new CameraChoice(camera.cameraOnly(), settings, saveToRecipe);
    }

    private static void addRequest(Map<String, String> requests, String name, String typed) {
        String value = typed == null ? "" : typed.strip();
        if (!value.isEmpty()) {
            requests.put(name, value);
        }
    }

    /** The requests as typed; empty means the camera's default. */
    StringProperty width() {
        return width;
    }

    StringProperty height() {
        return height;
    }

    StringProperty fps() {
        return fps;
    }
}
