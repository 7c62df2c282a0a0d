package io.kensa.inspect;

/**
 * A step of the recipe's training workspace that cannot run (no images, a camera that is gone, a folder that cannot be
 * written, a decision log that cannot be read); the message says what happened and what to do.
 */
public class RecipeTrainingException extends Exception {
    public RecipeTrainingException(String message) {
        super(message);
    }

    public RecipeTrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
