package io.kensa.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Whether the station's database opens, and its schema version against the one this build ships. For doctor, so it
 * never changes the database: it connects read-only without {@link Database} (which migrates and writes the
 * database's identity), reads {@code MAX(version)} of {@code schema_migrations} and closes. An H2 file is opened
 * with {@code ACCESS_MODE_DATA=r} and {@code IFEXISTS=TRUE}; other servers get {@link Connection#setReadOnly}.
 */
public record StoreHealth(String database, int schemaVersion, int shippedVersion) {

    /** The embedded database is held by another process (normally the running workstation): its version is not read. */
    public static final class InUse extends StoreException {
        InUse(String database, Throwable cause) {
            super("The database " + database + " is in use by another Kensa process (the running workstation?), so "
                    + "its schema version was not read", cause);
        }
    }

    /** Older than this build: the workstation upgrades it on its next start (doctor does not). */
    public boolean older() {
        return schemaVersion < shippedVersion;
    }

    /** Written by a newer Kensa: this build refuses to open it. */
    public boolean newer() {
        return schemaVersion > shippedVersion;
    }

    /** The newest migration this build ships. */
    public static int newestShipped() {
        var shipped = Migrations.shipped();
        return shipped.isEmpty() ? 0 : shipped.get(shipped.size() - 1).version();
    }

    /** True when the H2 file database in {@code folder} exists. */
    public static boolean h2Exists(Path folder) {
        return Files.isRegularFile(folder.resolve("kensa.mv.db"));
    }

    /** Reads the schema version of the database at {@code jdbcUrl} without changing it. */
    public static StoreHealth check(String jdbcUrl, String user, String password) throws StoreException {
        boolean h2 = jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:h2:mem:");
        return read(h2 ? jdbcUrl + ";IFEXISTS=TRUE;ACCESS_MODE_DATA=r" : jdbcUrl, Database.describe(jdbcUrl), user, password);
    }

    /** {@link #check} for the data folder's H2 file, which must exist. */
    public static StoreHealth checkFile(Path folder) throws StoreException {
        Path file = folder.toAbsolutePath().resolve("kensa.mv.db");
        if (!Files.isRegularFile(file)) {
            throw new StoreException("There is no database at " + file + " (nothing was created).");
        }
        return check(Database.h2Url(folder), "", "");
    }

    private static StoreHealth read(String url, String shown, String user, String password) throws StoreException {
        Properties credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        try (Connection c = DriverManager.getConnection(url, credentials)) {
            c.setReadOnly(true);
            return new StoreHealth(shown, version(c), newestShipped());
        } catch (SQLException e) {
            if (StoreErrors.classify(e) == StoreErrors.Kind.LOCKED) {
                throw new InUse(shown, e);
            }
            throw new StoreException(StoreErrors.explain("open", e, shown), e);
        }
    }

    /** 0 for a database without Kensa's table (nothing of Kensa's in it yet). */
    private static int version(Connection c) throws SQLException {
        boolean hasTable;
        try (ResultSet tables = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            hasTable = false;
            while (tables.next()) {
                hasTable |= tables.getString("TABLE_NAME").equalsIgnoreCase("schema_migrations");
            }
        }
        if (!hasTable) {
            return 0;
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_migrations")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
