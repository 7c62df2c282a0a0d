package io.kensa.util;

import java.util.Arrays;

/**
 * The one rule every fuzz test checks: a parser given outside input either succeeds or throws one of the typed
 * exceptions it documents, with a message a person can act on. Anything else (a NumberFormatException, an index out
 * of bounds, a null pointer, an exception without a message) fails the test, so Jazzer reports it as a finding.
 * Errors such as OutOfMemoryError pass through untouched: under the fuzz tests' small heap they are findings too.
 */
public final class FuzzChecks {
    /** The code under test. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private FuzzChecks() {}

    /** Runs {@code action}; only the {@code allowed} exception types, each with a non-blank message, may leave it. */
    @SafeVarargs
    public static void onlyTypedFailures(Action action, Class<? extends Exception>... allowed) {
        try {
            action.run();
        } catch (Exception e) {
            if (Arrays.stream(allowed).noneMatch(type -> type.isInstance(e))) {
                throw new AssertionError("untyped failure " + e.getClass().getName() + " (allowed: "
                        + Arrays.toString(allowed) + ")", e);
            }
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError(e.getClass().getName() + " without a message", e);
            }
        }
    }
}
