package io.kensa.detect;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/** Cooperative cancellation for long work: a flag the caller sets, or an interrupt of the working thread. */
public final class Cancellation {
    private Cancellation() {}

    public static void check(BooleanSupplier cancelled, String what) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException(what + " was cancelled");
        }
    }
}
