package io.kensa.model;

/** Database id of a stored decision (accept, override or undo). */
public record DecisionId(long value) {
    @Override
    public String toString() {
        return "decision " + value;
    }
}
