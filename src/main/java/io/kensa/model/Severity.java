package io.kensa.model;

import java.util.Locale;

/** VELM's three-way answer: anomalous is not the same as defective. */
public enum Severity {
    /** no anomaly, or nothing to act on */
    NORMAL,
    /** anomalous but tolerable */
    MINOR,
    /** a defect: reject the part */
    DEFECT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code normal | minor | defect} (case-insensitive); throws with the allowed values otherwise. */
    public static Severity fromWire(String text) {
        for (Severity s : values()) {
            if (s.wire().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return s;
            }
        }
        throw new IllegalArgumentException("severity '" + text + "' is not one of normal, minor, defect");
    }
}
