package io.kensa.store;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One audit event's number and hash, written {@code SEQ:HASH}: what {@code kensa audit verify} prints as the head
 * and accepts back with {@code --expect}, so a hash noted outside the database (shift log, ticket) can be checked.
 */
public record AuditCheckpoint(long seq, String hash) {
    private static final Pattern TEXT = Pattern.compile("(\\d+):([0-9a-fA-F]{64})");

    public AuditCheckpoint {
        if (seq < 0) {
            throw new IllegalArgumentException("an audit event number is 0 or more, not " + seq);
        }
        if (hash == null || !hash.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("an audit event hash is 64 hex digits, not '" + hash + "'");
        }
        hash = hash.toLowerCase(Locale.ROOT);
    }

    /** Reads {@code SEQ:HASH}, e.g. {@code 10:3f5a…} (64 hex digits), as printed by {@code kensa audit verify}. */
    public static AuditCheckpoint parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw notACheckpoint(text);
        }
        try {
            return new AuditCheckpoint(Long.parseLong(m.group(1)), m.group(2));
        } catch (NumberFormatException tooBig) {
            throw notACheckpoint(text);
        }
    }

    private static IllegalArgumentException notACheckpoint(String text) {
        return new IllegalArgumentException("'" + text + "' is not SEQ:HASH (an event number, a colon and the 64 hex "
                + "digits printed by kensa audit verify)");
    }

    @Override
    public String toString() {
        return seq + ":" + hash;
    }
}
