package io.kensa.cli;

/** Turns an exception into the one line a command-line user sees; details go to the log. */
final class CliErrors {
    private CliErrors() {}

    static String describe(Throwable e) {
        Throwable cause = e;
        // domain exceptions carry a message for a person; unwrap runtime wrappers to reach it
        while ((cause.getMessage() == null || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null ? cause.getClass().getSimpleName() : message;
    }
}
