package io.kensa.cam;

/** A defect-classifier problem (labelled folder, image, classifier file, backbone) with a message that names the value and the fix. */
public class ClassifierException extends Exception {
    public ClassifierException(String message) {
        super(message);
    }

    public ClassifierException(String message, Throwable cause) {
        super(message, cause);
    }
}
