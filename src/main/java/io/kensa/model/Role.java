package io.kensa.model;

import java.util.Locale;

/** What an operator is allowed to do: inspectors decide, QA engineers tune recipes, supervisors review. */
public enum Role {
    INSPECTOR,
    QA_ENGINEER,
    SUPERVISOR;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code inspector | qa_engineer | supervisor} (case-insensitive). */
    public static Role fromWire(String text) {
        for (Role role : values()) {
            if (role.wire().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return role;
            }
        }
        throw new IllegalArgumentException("role '" + text + "' is not one of inspector, qa_engineer, supervisor");
    }
}
