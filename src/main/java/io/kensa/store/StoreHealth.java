package io.kensa.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Whether the station's database opens, and its schema version against the one this build ships. For doctor. */
public record StoreHealth(String database, int schemaVersion, int shippedVersion, List<Integer> upgradedNow) {

    /** The newest migration this build ships. */
    public static int newestShipped() {
        List<Migrations.Script> shipped = Migrations.shipped();
        return shipped.isEmpty() ? 0 : shipped.get(shipped.size() - 1).version();
    }

    /** True when the H2 file database in {@code folder} exists. */
    public static boolean h2Exists(Path folder) {
        return Files.isRegularFile(folder.resolve("kensa.mv.db"));
    }

    /** Opens the existing database (upgrading it as the workstation would) and reads its schema version. */
    public static StoreHealth check(String jdbcUrl, String user, String password) throws StoreException {
        try (Database db = Database.openExisting(jdbcUrl, user, password)) {
            return read(db);
        }
    }

    /** {@link #check} for the data folder's H2 file. */
    public static StoreHealth checkFile(Path folder) throws StoreException {
        try (Database db = Database.openExistingFile(folder)) {
            return read(db);
        }
    }

    private static StoreHealth read(Database db) throws StoreException {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT MAX(version) FROM schema_migrations")) {
            int version = rs.next() ? rs.getInt(1) : 0;
            return new StoreHealth(db.describe(), version, newestShipped(), db.appliedOnOpen());
        } catch (SQLException e) {
            throw new StoreException("The database " + db.describe() + " opened but its schema version cannot be read: "
                    + e.getMessage(), e);
        }
    }
}
