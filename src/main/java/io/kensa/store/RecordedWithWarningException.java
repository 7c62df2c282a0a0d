package io.kensa.store;

import io.kensa.model.Decision;

/**
 * The decision (or undo) IS recorded, but something after its commit failed: the database could not force it to
 * disk, or its line could not be added to the audit head log. The caller treats the decision as made (deciding again
 * would record it twice) and shows the message, which says so.
 */
public final class RecordedWithWarningException extends StoreException {
    private final transient Decision decision;

    RecordedWithWarningException(Decision decision, String message, Throwable cause) {
        super(message, cause);
        this.decision = decision;
    }

    /** The stored decision, as {@code recordDecision} or {@code undo} would have returned it. */
    public Decision decision() {
        return decision;
    }
}
