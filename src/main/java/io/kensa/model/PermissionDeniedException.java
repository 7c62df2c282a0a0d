package io.kensa.model;

/** A service refused an action the signed-in operator's role does not allow; the message says who may. */
public final class PermissionDeniedException extends RuntimeException {
    public PermissionDeniedException(String message) {
        super(message);
    }
}
