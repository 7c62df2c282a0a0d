package io.kensa.model;

/** Database id of a stored explanation. */
public record ExplanationId(long value) {
    @Override
    public String toString() {
        return "explanation " + value;
    }
}
