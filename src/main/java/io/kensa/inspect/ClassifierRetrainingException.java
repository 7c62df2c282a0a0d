package io.kensa.inspect;

/**
 * A retraining of the recipe's classifier from the decision log that cannot run or be published (too few decisions,
 * one class only, a classifier on other backbone weights, a store or recipe that cannot be read or written).
 */
public class ClassifierRetrainingException extends Exception {
    public ClassifierRetrainingException(String message) {
        super(message);
    }

    public ClassifierRetrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
