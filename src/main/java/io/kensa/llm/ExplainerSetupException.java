package io.kensa.llm;

/** The LLM endpoint settings or the API key source are unusable; the message says which value and how to fix it. */
public class ExplainerSetupException extends Exception {
    public ExplainerSetupException(String message) {
        super(message);
    }

    public ExplainerSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
