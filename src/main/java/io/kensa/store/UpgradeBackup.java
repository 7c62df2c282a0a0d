package io.kensa.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.ZipFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The copy of an H2 database taken before it is upgraded ({@code kensa-before-V006.zip}), which an error names as the
 * way back. It gets that name only once it is whole and of this database as it is now: H2's {@code BACKUP} writes a
 * temporary file, which is forced to disk, opened as a zip holding {@code kensa.mv.db}, opened as a database and
 * compared with the live one (database id, last audit event, schema version) before it is renamed.
 */
final class UpgradeBackup {
    private static final Logger LOG = LoggerFactory.getLogger(UpgradeBackup.class);
    static final String DATABASE_ENTRY = "kensa.mv.db";

    /**
     * What says which database a copy is of, and when: its id (absent before the id existed), the last audit event
     * (absent before the audit tables existed) and the newest schema migration applied.
     */
    record State(Optional<String> databaseId, OptionalLong lastAuditSeq, int schemaVersion) {
        String describe() {
            return "database id " + databaseId.orElse("(none yet)") + ", last audit event "
                    + (lastAuditSeq.isPresent() ? Long.toString(lastAuditSeq.getAsLong()) : "(none yet)")
                    + ", schema V" + schemaVersion;
        }

        /**
         * True when the copy can be this database before its upgrade: the same schema version, and the same id and
         * last event wherever both have one (a script that failed halfway may have created the audit tables already).
         */
        boolean canBeCopyOf(State live) {
            return schemaVersion == live.schemaVersion
                    && (databaseId.isEmpty() || live.databaseId.isEmpty() || databaseId.equals(live.databaseId))
                    && (lastAuditSeq.isEmpty() || live.lastAuditSeq.isEmpty() || lastAuditSeq.equals(live.lastAuditSeq));
        }
    }

    private UpgradeBackup() {}

    /**
     * The checked copy of the database before its upgrade to {@code firstPending}, taken now unless one is there.
     * A copy already there that opens and matches is kept: an earlier attempt that failed took it before changing
     * anything, so it is the true pre-upgrade database (a new copy now would be of the half-upgraded one). A copy
     * that does not open (cut short by a crash or a full disk while it was written) is replaced; one that opens but
     * is of another database or an earlier state is refused, as neither it nor a new copy is known to be the way back.
     */
    static Path take(Connection live, Path folder, int firstPending) throws StoreException {
        Path zip = folder.toAbsolutePath().resolve(String.format("kensa-before-V%03d.zip", firstPending));
        State now;
        try {
            now = state(live);
        } catch (SQLException e) {
            throw new StoreException("Cannot read the database's state before upgrading it to schema V" + firstPending
                    + " (" + e.getMessage() + "). Nothing was changed.", e);
        }
        if (Files.exists(zip)) {
            Optional<State> copy = readable(zip);
            if (copy.isPresent() && copy.get().canBeCopyOf(now)) {
                return zip;
            }
            if (copy.isPresent()) {
                throw new StoreException("The copy " + zip + " taken before an earlier upgrade to schema V" + firstPending
                        + " is not of this database as it is now (the copy: " + copy.get().describe() + "; the database: "
                        + now.describe() + "), so it is not the way back. Nothing was changed: move that file out of "
                        + folder + " (keep it if unsure which is right) and start Kensa again to take a new copy.");
            }
            LOG.warn("The upgrade copy {} is damaged or cut short; taking a new one", zip);
        }
        Path part = zip.resolveSibling(zip.getFileName() + ".part");
        try {
            Files.deleteIfExists(part);
            try (Statement st = live.createStatement()) {
                st.execute("BACKUP TO '" + part.toString().replace("'", "''") + "'");
            }
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Optional<State> copy = readable(part);
            if (copy.isEmpty() || !copy.get().equals(now)) {
                throw new StoreException("The copy of the database written to " + part + " before upgrading it to schema V"
                        + firstPending + " does not read back as this database (" + copy.map(State::describe)
                        .orElse("not a whole H2 backup") + "; the database: " + now.describe() + "). Nothing was"
                        + " changed: check the disk in " + folder + " (space, errors) and start Kensa again.");
            }
            try {
                Files.move(part, zip, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(part, zip, StandardCopyOption.REPLACE_EXISTING);
            }
            ImageStore.forceDirectory(folder);
            return zip;
        } catch (SQLException | IOException e) {
            throw new StoreException("Cannot save a copy of the database to " + zip + " before upgrading it to schema V"
                    + firstPending + " (" + e.getMessage() + "). Nothing was changed: free disk space in " + folder
                    + " and start Kensa again.", e);
        } finally {
            try {
                Files.deleteIfExists(part);
            } catch (IOException e) {
                LOG.warn("Cannot remove {}: {}", part, e.getMessage());
            }
        }
    }

    /** The state of the database a backup zip holds; empty when the file is not a whole, readable H2 backup. */
    static Optional<State> readable(Path zip) {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            if (file.getEntry(DATABASE_ENTRY) == null) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        String url = "jdbc:h2:zip:" + zip.toAbsolutePath() + "!/kensa;IFEXISTS=TRUE;ACCESS_MODE_DATA=r";
        try (Connection c = DriverManager.getConnection(url, "", "")) {
            return Optional.of(state(c));
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Backup {} does not open: {}", zip, e.getMessage());
            return Optional.empty();
        }
    }

    /** Reads a database's state; the audit tables and the id row may not exist yet in an old one. */
    static State state(Connection c) throws SQLException {
        int version;
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_migrations")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        Optional<String> id = Optional.empty();
        try (PreparedStatement ps = c.prepareStatement("SELECT info_value FROM station_info WHERE info_key = ?")) {
            ps.setString(1, Database.ID_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    id = Optional.of(rs.getString(1));
                }
            }
        }
        OptionalLong seq = OptionalLong.empty();
        if (hasTable(c, "AUDIT_HEAD")) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT last_seq FROM audit_head WHERE id = 1")) {
                if (rs.next()) {
                    seq = OptionalLong.of(rs.getLong(1));
                }
            }
        }
        return new State(id, seq, version);
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(null, null, name, new String[] {"TABLE", "BASE TABLE"})) {
            return rs.next();
        }
    }
}
