package io.kensa.llm;

/** A prompt profile that cannot be read, is invalid, or names a reference image that is missing. */
public class ProfileException extends Exception {
    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}
