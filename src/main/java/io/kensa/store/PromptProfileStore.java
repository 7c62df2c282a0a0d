package io.kensa.store;

import io.kensa.llm.ProfileDocument;
import io.kensa.llm.ProfileException;
import io.kensa.llm.PromptProfiles;
import io.kensa.util.Hashes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Versioned prompt profiles. Saving never overwrites: it adds version n+1 (unless the content equals the latest
 * version), so every stored explanation can name the exact profile it used and that profile stays readable.
 */
public final class PromptProfileStore {
    /** One stored version, without its content. */
    public record Version(String name, int version, String sha256, String author, Instant createdAt) {}

    private final Database database;

    public PromptProfileStore(Database database) {
        this.database = database;
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
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try {
                Optional<ProfileDocument> latest = latest(c, name);
                if (latest.isPresent() && content(latest.get()).equals(content(document))) {
                    c.rollback();
                    return latest.get();
                }
                int version = latest.map(ProfileDocument::version).orElse(0) + 1;
                ProfileDocument saved = document.withVersion(version);
                String json = PromptProfiles.toJson(saved);
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO prompt_profile_version"
                        + "(profile_name, version, document, sha256, author, created_at) VALUES (?,?,?,?,?,?)")) {
                    insert.setString(1, name);
                    insert.setInt(2, version);
                    insert.setString(3, json);
                    insert.setString(4, Hashes.sha256Hex(json));
                    insert.setString(5, author);
                    insert.setTimestamp(6, Timestamp.from(Instant.now()));
                    insert.executeUpdate();
                }
                c.commit();
                return saved;
            } catch (SQLException | StoreException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot save prompt profile '" + name + "' in " + database.describe() + ": "
                    + e.getMessage() + ". If another station saved it at the same moment, save again.", e);
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
