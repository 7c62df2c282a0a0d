package io.kensa.recipe;

/** A recipe that cannot be read, with the file and the fix in the message. */
public class RecipeException extends Exception {
    public RecipeException(String message) {
        super(message);
    }

    public RecipeException(String message, Throwable cause) {
        super(message, cause);
    }
}
