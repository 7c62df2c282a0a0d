package io.kensa.store;

import io.kensa.util.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Versioned schema migrations: {@code db/migration/V001.sql}, {@code V002.sql}, … on the classpath, applied in
 * order, each once, recorded with its checksum in {@code schema_migrations}. An applied script that was later
 * edited is refused (the schema would silently differ between stations). Scripts must run on H2 and PostgreSQL.
 */
final class Migrations {
    static final String LOCATION = "db/migration/";

    record Script(int version, String description, String sql, String checksum) {}

    private Migrations() {}

    /** Every script shipped with this build, probing V001, V002, … until the first gap. */
    static List<Script> shipped() {
        List<Script> scripts = new ArrayList<>();
        for (int version = 1; ; version++) {
            String name = LOCATION + String.format("V%03d.sql", version);
            try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(name)) {
                if (in == null) {
                    return scripts;
                }
                String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                scripts.add(new Script(version, description(sql), sql, sha256(sql)));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read migration " + name, e);
            }
        }
    }

    /**
     * Applies what is missing; returns the versions applied now. An existing database that needs upgrading is first
     * copied to {@code backupFolder} (H2's online {@code BACKUP}, checked before it is relied on: {@link UpgradeBackup}),
     * because H2 commits each DDL statement on its own: a script that fails halfway (disk full, killed process) cannot
     * be rolled back, and the copy is the way back.
     */
    static List<Integer> migrate(Connection connection, Optional<Path> backupFolder) throws SQLException, StoreException {
        try (Statement st = connection.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                    + "version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, "
                    + "checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
        Map<Integer, String> applied = applied(connection);
        List<Script> shipped = shipped();
        int newest = shipped.isEmpty() ? 0 : shipped.get(shipped.size() - 1).version();
        for (int version : applied.keySet()) {
            if (version > newest) {
                throw new StoreException("The database was created by a newer Kensa (schema version " + version
                        + ", this build knows " + newest + "). Update Kensa on this station.");
            }
        }
        List<Script> pending = shipped.stream().filter(script -> !applied.containsKey(script.version())).toList();
        Optional<Path> backup = Optional.empty();
        if (!applied.isEmpty() && !pending.isEmpty() && backupFolder.isPresent()) {
            backup = Optional.of(UpgradeBackup.take(connection, backupFolder.get(), pending.get(0).version()));
        }
        List<Integer> now = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (Script script : shipped) {
                String checksum = applied.get(script.version());
                if (checksum != null) {
                    if (!checksum.equals(script.checksum())) {
                        throw new StoreException("Migration V" + script.version() + " (" + script.description()
                                + ") was changed after it was applied to this database. Restore the original script.");
                    }
                    continue;
                }
                try {
                    apply(connection, script);
                } catch (SQLException e) {
                    if (backup.isEmpty()) {
                        throw e;
                    }
                    throw new StoreException(e.getMessage() + ". The database as it was before this upgrade is saved in "
                            + backup.get() + ": fix the cause (e.g. free disk space), then move the database file aside,"
                            + " unzip that copy in its place and start Kensa again.", e);
                }
                now.add(script.version());
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return now;
    }

    private static void apply(Connection connection, Script script) throws SQLException {
        try (Statement st = connection.createStatement()) {
            for (String statement : statements(script.sql())) {
                st.execute(statement);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO schema_migrations(version, description, checksum, applied_at) VALUES (?,?,?,?)")) {
                insert.setInt(1, script.version());
                insert.setString(2, script.description());
                insert.setString(3, script.checksum());
                insert.setTimestamp(4, Timestamp.from(Instant.now()));
                insert.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("Migration V" + script.version() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The newest migration applied to the database, read without changing anything (an auditor's open): refuses a
     * database that is not Kensa's, and one of a newer build whose schema this build cannot check.
     */
    static int appliedVersion(Connection connection, String where) throws StoreException {
        Map<Integer, String> applied;
        try {
            applied = applied(connection);
        } catch (SQLException e) {
            throw new StoreException(where + " is not a Kensa database (it has no schema_migrations table: " + e.getMessage()
                    + "). Check the data folder (--home) or the database URL (--jdbc-url).", e);
        }
        int version = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<Script> shipped = shipped();
        int newest = shipped.isEmpty() ? 0 : shipped.get(shipped.size() - 1).version();
        if (version > newest) {
            throw new StoreException("The database " + where + " was created by a newer Kensa (schema version " + version
                    + ", this build knows " + newest + "). Update Kensa on this station.");
        }
        return version;
    }

    private static Map<Integer, String> applied(Connection connection) throws SQLException {
        Map<Integer, String> applied = new TreeMap<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT version, checksum FROM schema_migrations")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        return applied;
    }

    /** Splits a script on semicolons at line ends; scripts keep one statement per such terminator. */
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String description(String sql) {
        String first = sql.lines().findFirst().orElse("").strip();
        return first.startsWith("--") ? first.substring(2).strip() : "unnamed";
    }

    private static String sha256(String text) {
        return Hashes.sha256Hex(text.replace("\r\n", "\n"));
    }
}
