package io.kensa.store;

import java.sql.SQLException;
import java.util.Locale;

/** Turns database failures into one sentence saying what happened and what to do. Recording stops meanwhile. */
final class StoreErrors {
    enum Kind { LOCKED, DISK_FULL, READ_ONLY, CORRUPT, CLOSED, UNREACHABLE, CREDENTIALS, OTHER }

    private StoreErrors() {}

    /** E.g. {@code explain("record the decision in the database jdbc:h2:file:/x/kensa", e)}. */
    static String explain(String what, Throwable e) {
        String head = "Cannot " + what + ": ";
        return switch (classify(e)) {
            case LOCKED -> head + "it is in use by another Kensa window or process. Close the other instance, "
                    + "or set KENSA_HOME to a separate data folder.";
            case DISK_FULL -> head + "the disk is full. Free space on that disk, then restart Kensa; "
                    + "nothing is recorded until then.";
            case READ_ONLY -> head + "it cannot be written (read-only disk or missing permission). Make the data "
                    + "folder writable or set KENSA_HOME to a writable folder; nothing is recorded until then.";
            case CORRUPT -> head + "the database file is damaged or not a Kensa database. Move kensa.mv.db aside "
                    + "(keep it for support), then restore the last backup or start with a fresh data folder.";
            case CLOSED -> head + "it was closed after an earlier failure. Fix the cause reported before, "
                    + "then restart Kensa.";
            case UNREACHABLE -> head + "the server does not answer. Check that it is running and reachable, "
                    + "and the JDBC URL in the settings.";
            case CREDENTIALS -> head + "the server refused the user name or password. Check the database "
                    + "credentials in the settings.";
            case OTHER -> head + firstLine(e);
        };
    }

    /** The database at {@code where}: {@code explain("open", e, url)}. */
    static String explain(String action, Throwable e, String where) {
        return explain(action + " the database " + where, e);
    }

    static Kind classify(Throwable e) {
        // the most specific cause wins: an H2 connection error (08000) often wraps "No space left on device"
        for (Throwable t = e; t != null; t = next(t)) {
            Kind kind = t instanceof SQLException sql ? byH2Code(sql.getErrorCode()) : Kind.OTHER;
            if (kind == Kind.OTHER) {
                kind = byMessage(String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT));
            }
            if (kind == Kind.OTHER && t instanceof java.io.EOFException) {
                kind = Kind.CORRUPT; // the file ends where its own structure says there is more
            }
            if (kind != Kind.OTHER) {
                return kind;
            }
        }
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08")) {
                    return Kind.UNREACHABLE;
                }
                if (state.equals("28P01") || state.equals("28000")) {
                    return Kind.CREDENTIALS;
                }
                if (state.equals("53100")) {
                    return Kind.DISK_FULL;
                }
                if (state.equals("25006")) {
                    return Kind.READ_ONLY;
                }
            }
        }
        return Kind.OTHER;
    }

    private static Kind byH2Code(int code) {
        return switch (code) {
            case 90020 -> Kind.LOCKED;
            case 90100 -> Kind.DISK_FULL;
            case 90097 -> Kind.READ_ONLY;
            case 90030, 90048 -> Kind.CORRUPT;
            case 90098, 90121 -> Kind.CLOSED;
            default -> Kind.OTHER;
        };
    }

    private static Kind byMessage(String m) {
        if (m.contains("no space left") || m.contains("disk full") || m.contains("not enough space")) {
            return Kind.DISK_FULL;
        }
        if (m.contains("already in use") || m.contains("locked by another process") || m.contains("file is locked")) {
            return Kind.LOCKED;
        }
        if (m.contains("read-only") || m.contains("read only") || m.contains("permission denied")
                || m.contains("access denied") || m.contains("accessdenied")) {
            return Kind.READ_ONLY;
        }
        if (m.contains("corrupt") || m.contains("not a valid") || m.contains("unsupported format")) {
            return Kind.CORRUPT;
        }
        if (m.contains("database is already closed") || m.contains("database has been closed")) {
            return Kind.CLOSED;
        }
        return Kind.OTHER;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof SQLException sql && sql.getNextException() != null && sql.getNextException() != t) {
            return sql.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }

    private static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
