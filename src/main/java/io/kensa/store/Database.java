package io.kensa.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inspection database: an H2 file database in the data folder by default, or any JDBC URL (PostgreSQL for a
 * plant-wide log). Opening it applies the pending migrations; closing it shuts H2 down cleanly.
 * One object owns the connection that keeps an embedded database open for the life of the process.
 * {@link #openForAudit} opens it for an auditor instead: no migration, no write of any kind (a SELECT-only role can
 * verify), and the embedded database is left running for the station that may share it.
 */
public final class Database implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /** H2: "Database ... not found, and IFEXISTS=true". */
    private static final int DATABASE_NOT_FOUND = 90146;
    private static final String CHECK_LOCATION = "Check the data folder (--home or KENSA_HOME) or the database URL "
            + "(--jdbc-url, database.url in the settings).";
    static final String ID_KEY = "database_id";

    private final String url;
    private final Properties credentials;
    private final Connection keeper;
    private final List<Integer> appliedNow;
    /** Opened by {@link #openForAudit}: reads only. */
    private final boolean auditing;
    /** The newest migration applied to the database (after this object's own, when it migrates). */
    private final int schemaVersion;
    /** Names this database in head logs; see {@link #id()}. */
    private final String id;

    private Database(String url, Properties credentials, boolean auditing) throws StoreException {
        this.url = url;
        this.credentials = credentials;
        this.auditing = auditing;
        try {
            this.keeper = DriverManager.getConnection(url, credentials);
        } catch (SQLException e) {
            throw new StoreException(explain(e, url), e);
        }
        try {
            this.appliedNow = auditing ? List.of() : Migrations.migrate(keeper, h2Folder(url));
            this.schemaVersion = Migrations.appliedVersion(keeper, describe(url));
        } catch (SQLException | StoreException | RuntimeException e) {
            closeQuietly(keeper);
            if (e instanceof StoreException store) {
                throw store;
            }
            throw new StoreException(e instanceof SQLException sql ? explain(sql, url)
                    : StoreErrors.explain("open", e, describe(url)), e);
        }
        if (!appliedNow.isEmpty()) {
            LOG.info("Database {}: applied migrations {}", describe(url), appliedNow);
        }
        try {
            this.id = auditing ? storedId(keeper).orElseGet(() -> idOfUnnamed(keeper)) : identify(keeper, describe(url));
        } catch (SQLException | RuntimeException e) {
            closeQuietly(keeper);
            throw new StoreException(e instanceof SQLException sql ? explain(sql, url)
                    : StoreErrors.explain("open", e, describe(url)), e);
        }
    }

    /**
     * This database's identity in head logs ({@code station_info} row {@value #ID_KEY}): created once, when the
     * database is first opened, and never derived from the chain, so rewriting the chain from its first event does
     * not make the database look like another one. A database that already has events when it first gets an id (one
     * from a build before the row) takes the id its head log lines carry already: the start of its first event's hash.
     * Two stations opening a new shared database at once: one insert wins, the other reads the winner's id.
     */
    private static String identify(Connection c, String where) throws SQLException {
        Optional<String> stored = storedId(c);
        if (stored.isPresent()) {
            return stored.get();
        }
        String id = AuditTrail.firstEventHash(c).map(HeadLog::databaseId).orElseGet(Database::randomId);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO station_info(info_key, info_value) VALUES (?, ?)")) {
            ps.setString(1, ID_KEY);
            ps.setString(2, id);
            ps.executeUpdate();
            return id;
        } catch (SQLException e) {
            Optional<String> winner = storedId(c);
            if (winner.isPresent()) {
                return winner.get();
            }
            // a read-only database (a reader's copy): the id it would get is what a head log can have named it by
            LOG.warn("Database {}: cannot store its identity ({}); using {} for this session", where,
                    e.getMessage(), id);
            return id;
        }
    }

    /** What {@link #identify} would name a database that has no stored id yet, without storing it. */
    private static String idOfUnnamed(Connection c) {
        try {
            return AuditTrail.firstEventHash(c).map(HeadLog::databaseId).orElse("");
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static Optional<String> storedId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT info_value FROM station_info WHERE info_key = ?")) {
            ps.setString(1, ID_KEY);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static String randomId() {
        byte[] bytes = new byte[HeadLog.DATABASE_ID_LENGTH / 2];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The embedded H2 file database {@code kensa.mv.db} in the given folder. */
    public static Database openFile(Path folder) throws StoreException {
        try {
            Files.createDirectories(folder);
        } catch (Exception e) {
            throw new StoreException("Cannot create the database folder " + folder
                    + ". Check the disk is writable, or set KENSA_HOME to a writable folder.", e);
        }
        return open(h2Url(folder), "", "");
    }

    /**
     * The H2 database in {@code folder}, which must exist: a reader (verify, export) given a mistyped folder must say
     * so, not create an empty database that verifies.
     */
    public static Database openExistingFile(Path folder) throws StoreException {
        return openExisting(h2Url(existingFile(folder)), "", "");
    }

    /** {@link #open}, but an H2 URL that names no existing database fails instead of creating one. */
    public static Database openExisting(String jdbcUrl, String user, String password) throws StoreException {
        return openIfExists(jdbcUrl, user, password, false);
    }

    public static Database open(String jdbcUrl, String user, String password) throws StoreException {
        return new Database(jdbcUrl, credentials(user, password), false);
    }

    /**
     * An existing database for {@code kensa audit verify}: nothing is migrated, created or written, so a SELECT-only
     * role (an auditor's) can open it, and a database of an older build is checked as it is. An H2 URL that names no
     * database fails instead of creating one.
     */
    public static Database openForAudit(String jdbcUrl, String user, String password) throws StoreException {
        return openIfExists(jdbcUrl, user, password, true);
    }

    /** {@link #openForAudit} of the H2 database in {@code folder}. */
    public static Database openFileForAudit(Path folder) throws StoreException {
        return openForAudit(h2Url(existingFile(folder)), "", "");
    }

    private static Path existingFile(Path folder) throws StoreException {
        Path file = folder.toAbsolutePath().resolve("kensa.mv.db");
        if (!Files.isRegularFile(file)) {
            throw new StoreException("There is no database at " + file + " (nothing was created). " + CHECK_LOCATION);
        }
        return folder;
    }

    private static Database openIfExists(String jdbcUrl, String user, String password, boolean forAudit)
            throws StoreException {
        boolean h2 = jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:mem:");
        try {
            return new Database(h2 ? jdbcUrl + ";IFEXISTS=TRUE" : jdbcUrl, credentials(user, password), forAudit);
        } catch (StoreException e) {
            if (h2 && e.getCause() instanceof SQLException sql && sql.getErrorCode() == DATABASE_NOT_FOUND) {
                throw new StoreException("There is no database at " + describe(jdbcUrl) + " (nothing was created). "
                        + CHECK_LOCATION, e);
            }
            throw e;
        }
    }

    private static Properties credentials(String user, String password) {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        return credentials;
    }

    public static String h2Url(Path folder) {
        // FILE_LOCK=FILE: a second workstation process gets a clear "already in use" error instead of corrupting.
        // WRITE_DELAY=0: every commit is written to the file (the OS) before it returns, so a committed row
        // survives the process being killed; H2's default keeps commits in memory for up to 500 ms.
        return "jdbc:h2:file:" + folder.toAbsolutePath().resolve("kensa") + ";FILE_LOCK=FILE;WRITE_DELAY=0";
    }

    /** The folder of an H2 file database (where upgrade copies go); empty for other databases. */
    private static Optional<Path> h2Folder(String url) {
        if (!url.startsWith("jdbc:h2:file:")) {
            return Optional.empty();
        }
        String file = url.substring("jdbc:h2:file:".length()).split(";", 2)[0];
        return Optional.ofNullable(Path.of(file).toAbsolutePath().getParent());
    }

    /** A new connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, credentials);
    }

    public boolean isH2() {
        return url.startsWith("jdbc:h2:");
    }

    /** The JDBC URL without credentials, for status bars and logs. */
    public String describe() {
        return describe(url);
    }

    /** The random id that names this database in head logs, created when it was first opened. */
    String id() {
        return id;
    }

    /** The newest schema migration applied to the database (6 and up: events carry a station key's MAC). */
    int schemaVersion() {
        return schemaVersion;
    }

    /** Migration versions applied when this object opened the database (empty when it was up to date). */
    public List<Integer> appliedOnOpen() {
        return appliedNow;
    }

    @Override
    public void close() {
        try {
            if (isH2() && !auditing) { // an auditor leaves an embedded database running for the station sharing it
                try (var st = keeper.createStatement()) {
                    st.execute("SHUTDOWN");
                }
            }
            keeper.close();
        } catch (SQLException e) {
            LOG.warn("Closing the database: {}", e.getMessage());
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already failing: the first error is the one reported
        }
    }

    static String describe(String url) {
        int semicolon = url.indexOf(';');
        return semicolon < 0 ? url : url.substring(0, semicolon);
    }

    static String explain(SQLException e, String url) {
        return StoreErrors.explain("open", e, describe(url));
    }
}
