package io.kensa.store;

import io.kensa.util.Hashes;
import java.util.Optional;

/**
 * The canonical text of a stored row, hashed into the audit trail: one {@code key=value} line per field in a
 * fixed order, backslash and line breaks escaped, absent values written as {@code key:none}. Writing and
 * verifying build it from the same record, so any change to a stored field changes the hash.
 */
final class Canonical {
    private final StringBuilder text = new StringBuilder(512);

    Canonical add(String key, Object value) {
        if (value instanceof Optional<?> optional) {
            return optional.isPresent() ? add(key, optional.get()) : line(key + ":none");
        }
        return line(key + "=" + escape(String.valueOf(value)));
    }

    String text() {
        return text.toString();
    }

    String sha256() {
        return Hashes.sha256Hex(text.toString());
    }

    private Canonical line(String line) {
        text.append(line).append('\n');
        return this;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }
}
