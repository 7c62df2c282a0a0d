package io.kensa.ui;

import io.kensa.capture.CaptureException;
import java.util.List;
import java.util.Optional;

/**
 * One kind of camera's form in "Camera settings" ({@link GigeCameraForm}, {@link UsbCameraForm}): the rows it shows
 * and the check that turns what was entered into a {@link CameraChoice}.
 */
interface CameraForm {

    /** The controls a row can hold. */
    enum Field { PIXEL_FORMAT, WIDTH, HEIGHT, OFFSET_X, OFFSET_Y, FPS, EXPOSURE, GAIN, TRIGGER, USB_WIDTH, USB_HEIGHT, USB_FPS }

    /**
     * One line of the form: a label, the control (empty when the camera does not offer it) and a hint (the range,
     * an example, or why it is not offered).
     */
    record Row(String label, Optional<Field> field, String hint) {
        static Row of(String label, Field field, String hint) {
            return new Row(label, Optional.of(field), hint);
        }

        static Row unavailable(String label, String why) {
            return new Row(label, Optional.empty(), why);
        }
    }

    /** The form as shown: its rows in order and the notes under them (what was left out and why). */
    record Layout(List<Row> rows, List<String> notes) {
        public Layout {
            rows = List.copyOf(rows);
            notes = List.copyOf(notes);
        }
    }

    /** Checks what was entered and builds the choice; the exception's message says what to fix. */
    CameraChoice choose(boolean saveToRecipe) throws CaptureException;
}
