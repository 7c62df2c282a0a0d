package io.kensa.cam;

/** A Grad-CAM problem (model file, stage, class, image, data set) with a message that names the value and the fix. */
public class CamException extends Exception {
    public CamException(String message) {
        super(message);
    }

    public CamException(String message, Throwable cause) {
        super(message, cause);
    }
}
