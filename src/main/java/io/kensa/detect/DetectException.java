package io.kensa.detect;

/** A detector problem (model file, backbone, image) with a message that names the file and the fix. */
public class DetectException extends Exception {
    public DetectException(String message) {
        super(message);
    }

    public DetectException(String message, Throwable cause) {
        super(message, cause);
    }
}
