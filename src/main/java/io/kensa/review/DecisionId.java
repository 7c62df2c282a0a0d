package io.kensa.review;

/** Database id of a stored decision (accept, override or undo). */
public record DecisionId(long value) {
    @Override
    public String toString() {
        return "decision " + value;
    }
}
