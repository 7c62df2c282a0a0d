package io.kensa.inspect;

/** The workstation cannot start or go on; the message says what happened and what to do. */
public class WorkstationException extends Exception {
    public WorkstationException(String message, Throwable cause) {
        super(message, cause);
    }
}
