package io.kensa.store;

/** A database problem, with a message a person can act on (what happened and what to do). */
public class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
