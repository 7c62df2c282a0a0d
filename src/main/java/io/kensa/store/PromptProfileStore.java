package io.kensa.store;

import io.kensa.llm.ProfileDocument;
import io.kensa.llm.ProfileException;
import io.kensa.llm.PromptProfiles;
import io.kensa.util.Hashes;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Versioned prompt profiles. Saving never overwrites: it adds version n+1 (unless the content equals the latest
 * version), so every stored explanation can name the exact profile it used and that profile stays readable. Each
 * version is an audit event ({@link AuditTrail#PROFILE_VERSION}, signed with the station's key and noted in its head
 * log) whose content hash covers the name, number, document, author and time, so a version rewritten in the database
 * breaks the chain at its event; the row names its event in {@code audit_seq}.
 */
public final class PromptProfileStore {
    /** One stored version, without its content. */
    public record Version(String name, int version, String sha256, String author, Instant createdAt) {}

    /** A version saved before versions were audit events (V006), not adopted into the chain yet. */
    record Unaudited(String name, int version, String contentSha, Instant createdAt) {}

    private final Database database;
    private final Path dataFolder;

    /**
     * The profiles in {@code database}, saved by the station whose data folder is {@code dataFolder}: its key
     * ({@link StationKey#in}) signs each new version's event and its head log ({@link AuditTrail#headLogIn}) notes it.
     */
    public PromptProfileStore(Database database, Path dataFolder) {
        this.database = database;
        this.dataFolder = dataFolder.toAbsolutePath();
    }

    /**
     * Stores the profile as a new version and returns it with that version number. When the content equals the
     * latest version, nothing is added and the latest is returned.
     */
    public ProfileDocument save(ProfileDocument document, String author) throws StoreException {
        String name = document.name();
        if (name.isBlank()) {
            throw new StoreException("A prompt profile without a name cannot be saved. Give it a name first.");
        }
        AuditTrail audit = new AuditTrail(database, Optional.empty(), StationKey.openOrCreate(StationKey.in(dataFolder)));
        ProfileDocument saved;
        AuditCheckpoint event;
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                Optional<ProfileDocument> latest = latest(c, name);
                if (latest.isPresent() && content(latest.get()).equals(content(document))) {
                    c.rollback();
                    return latest.get();
                }
                int version = latest.map(ProfileDocument::version).orElse(0) + 1;
                saved = document.withVersion(version);
                String json = PromptProfiles.toJson(saved);
                Instant now = Rows.micros(Instant.now());
                event = audit.append(c, AuditTrail.PROFILE_VERSION, version, now, author,
                        versionContent(name, version, json, author, now));
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO prompt_profile_version"
                        + "(profile_name, version, document, sha256, author, created_at, audit_seq) VALUES (?,?,?,?,?,?,?)")) {
                    insert.setString(1, name);
                    insert.setInt(2, version);
                    insert.setString(3, json);
                    insert.setString(4, Hashes.sha256Hex(json));
                    insert.setString(5, author);
                    Rows.setTime(insert, 6, now);
                    insert.setLong(7, event.seq());
                    insert.executeUpdate();
                }
                c.commit();
            } catch (SQLException | StoreException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            HeadLog.noteCommitted(c, database, dataFolder, List.of(event), "Prompt profile '" + name + "' v"
                    + saved.version() + " was saved", "do not save it again");
        } catch (SQLException e) {
            throw new StoreException("Cannot save prompt profile '" + name + "' in " + database.describe() + ": "
                    + e.getMessage() + ". If another station saved it at the same moment, save again.", e);
        }
        return saved;
    }

    /** The content hash of a version's audit event: what verify recomputes from the row. */
    private static String versionContent(String name, int version, String document, String author, Instant createdAt) {
        return new Canonical().add("profile", name).add("version", version).add("document", Hashes.sha256Hex(document))
                .add("author", author).add("created", createdAt).sha256();
    }

    /** The content hash of the version recorded by event {@code seq}, recomputed from its row; empty without one. */
    static Optional<String> versionContent(Connection c, long seq) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT profile_name, version, document, author, created_at "
                + "FROM prompt_profile_version WHERE audit_seq = ?")) {
            q.setLong(1, seq);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(versionContent(rs.getString(1), rs.getInt(2), rs.getString(3),
                        rs.getString(4), Rows.time(rs, "created_at"))) : Optional.empty();
            }
        }
    }

    /** The first version whose row names no event of the chain ({@code events}: the version events seen), if any. */
    static Optional<String> versionWithoutEvent(Connection c, Set<Long> events) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT profile_name, version, audit_seq FROM prompt_profile_version "
                + "ORDER BY profile_name, version");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                long seq = rs.getLong(3);
                boolean noEvent = rs.wasNull();
                String which = "prompt profile '" + rs.getString(1) + "' v" + rs.getInt(2);
                if (noEvent) {
                    return Optional.of(which + " has no audit event: it was saved before profile versions were audit "
                            + "events and no station has adopted it yet (open the station once), or it was inserted "
                            + "behind the application's back");
                }
                if (!events.contains(seq)) {
                    return Optional.of(which + " names event " + seq + ", which is not a profile version's event "
                            + "(inserted or edited behind the application's back)");
                }
            }
            return Optional.empty();
        }
    }

    /** Versions saved before versions were audit events (V006), oldest first: the station adopts them when it opens. */
    static List<Unaudited> unaudited(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT profile_name, version, document, author, created_at "
                + "FROM prompt_profile_version WHERE audit_seq IS NULL ORDER BY created_at, profile_name, version")) {
            return Rows.list(q, rs -> {
                Instant created = Rows.time(rs, "created_at");
                return new Unaudited(rs.getString(1), rs.getInt(2), versionContent(rs.getString(1), rs.getInt(2),
                        rs.getString(3), rs.getString(4), created), created);
            });
        }
    }

    /** Names the event that adopted an older version into the chain. */
    static void adopted(Connection c, Unaudited version, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE prompt_profile_version SET audit_seq = ? "
                + "WHERE profile_name = ? AND version = ? AND audit_seq IS NULL")) {
            ps.setLong(1, seq);
            ps.setString(2, version.name());
            ps.setInt(3, version.version());
            ps.executeUpdate();
        }
    }

    /** The newest version of a profile. */
    public Optional<ProfileDocument> latest(String name) throws StoreException {
        try (Connection c = database.connect()) {
            return latest(c, name);
        } catch (SQLException e) {
            throw failure("read prompt profile '" + name + "'", e);
        }
    }

    /** One exact version (as used by an old explanation). */
    public Optional<ProfileDocument> version(String name, int version) throws StoreException {
        try (Connection c = database.connect();
             PreparedStatement q = c.prepareStatement(
                     "SELECT document, sha256 FROM prompt_profile_version WHERE profile_name = ? AND version = ?")) {
            q.setString(1, name);
            q.setInt(2, version);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(parse(rs.getString(1), rs.getString(2), name, version)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("read prompt profile '" + name + "' v" + version, e);
        }
    }

    /** All versions of a profile, oldest first. */
    public List<Version> versions(String name) throws StoreException {
        try (Connection c = database.connect();
             PreparedStatement q = c.prepareStatement("SELECT version, sha256, author, created_at FROM prompt_profile_version "
                     + "WHERE profile_name = ? ORDER BY version")) {
            q.setString(1, name);
            List<Version> versions = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    versions.add(new Version(name, rs.getInt(1), rs.getString(2), rs.getString(3),
                            rs.getTimestamp(4).toInstant()));
                }
            }
            return versions;
        } catch (SQLException e) {
            throw failure("list the versions of prompt profile '" + name + "'", e);
        }
    }

    /** Names of all stored profiles, sorted. */
    public List<String> names() throws StoreException {
        try (Connection c = database.connect();
             PreparedStatement q = c.prepareStatement(
                     "SELECT DISTINCT profile_name FROM prompt_profile_version ORDER BY profile_name");
             ResultSet rs = q.executeQuery()) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            return names;
        } catch (SQLException e) {
            throw failure("list prompt profiles", e);
        }
    }

    private Optional<ProfileDocument> latest(Connection c, String name) throws SQLException, StoreException {
        try (PreparedStatement q = c.prepareStatement("SELECT document, version, sha256 FROM prompt_profile_version "
                + "WHERE profile_name = ? ORDER BY version DESC FETCH FIRST 1 ROWS ONLY")) {
            q.setString(1, name);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(parse(rs.getString(1), rs.getString(3), name, rs.getInt(2))) : Optional.empty();
            }
        }
    }

    private static ProfileDocument parse(String json, String sha256, String name, int version) throws StoreException {
        if (!Hashes.sha256Hex(json).equalsIgnoreCase(sha256)) {
            // versions are never updated, so a changed document was edited outside Kensa
            throw new StoreException("Stored prompt profile '" + name + "' v" + version + " was changed in the database"
                    + " after it was saved (its text no longer matches the sha256 recorded then), so it cannot be trusted."
                    + " Restore the database from a backup.");
        }
        try {
            return PromptProfiles.fromJson(json, "'" + name + "' v" + version + " (database)").withVersion(version);
        } catch (ProfileException e) {
            throw new StoreException("Stored prompt profile '" + name + "' v" + version + " cannot be read: "
                    + e.getMessage() + " Restore the database from a backup.", e);
        }
    }

    /** The profile's content without its version number, to tell a real edit from a repeated save. */
    private static String content(ProfileDocument document) {
        return PromptProfiles.toJson(document.withVersion(0));
    }

    private StoreException failure(String what, SQLException e) {
        return new StoreException("Cannot " + what + " in " + database.describe() + ": " + e.getMessage(), e);
    }
}
