package io.kensa.capture;

/** A camera or replay problem with a message for the inspector (what happened, what to do). */
public class CaptureException extends Exception {
    public CaptureException(String message) {
        super(message);
    }

    public CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
