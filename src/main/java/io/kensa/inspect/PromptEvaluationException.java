package io.kensa.inspect;

/** A labelled set that cannot be used to measure a prompt profile (missing folder, mask, unknown class, bad image). */
public class PromptEvaluationException extends Exception {
    public PromptEvaluationException(String message) {
        super(message);
    }

    public PromptEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
