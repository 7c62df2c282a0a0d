package io.kensa.model;

/** Database id of a stored inspection (one decided-on frame). */
public record InspectionId(long value) {
    @Override
    public String toString() {
        return "inspection " + value;
    }
}
