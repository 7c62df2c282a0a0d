package io.kensa.review;

/**
 * The person at the station, chosen at the start of a shift and stored with each decision.
 *
 * @param id    badge or login id, unique per plant
 * @param name  display name as it was at decision time
 */
public record Operator(String id, String name, Role role) {
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
    }

    /** {@code name (id, role)} for audit events and status bars. */
    public String label() {
        return name + " (" + id + ", " + role.wire() + ")";
    }
}
