package io.kensa.model;

/**
 * The person at the station, chosen at the start of a shift and stored with each decision.
 *
 * @param id    badge or login id, unique per plant
 * @param name  display name as it was at decision time
 */
public record Operator(String id, String name, Role role) {
    /** Longest id and name the decision log holds (columns operator_id and operator_name). */
    public static final int MAX_ID_LENGTH = 100;
    public static final int MAX_NAME_LENGTH = 200;

    public Operator {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("operator id is empty: choose an operator at the start of the shift");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("operator '" + id + "' has no name");
        }
        if (role == null) {
            throw new IllegalArgumentException("operator '" + id + "' has no role");
        }
        id = id.strip();
        name = name.strip();
        TextLimit.atMost("operator id", id, MAX_ID_LENGTH, "");
        TextLimit.atMost("operator name", name, MAX_NAME_LENGTH, "");
    }

    /** {@code name (id, role)} for audit events and status bars. */
    public String label() {
        return name + " (" + id + ", " + role.wire() + ")";
    }
}
