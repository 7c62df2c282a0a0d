package io.kensa.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    @TempDir
    Path dir;

    @Test
    void freshDatabaseGetsEveryShippedMigrationOnce() throws Exception {
        int shipped = Migrations.shipped().size();
        assertTrue(shipped >= 1);
        try (Database db = Database.openFile(dir)) {
            assertEquals(shipped, db.appliedOnOpen().size());
            assertEquals(shipped, count(db, "SELECT COUNT(*) FROM schema_migrations"));
        }
        assertTrue(Files.exists(dir.resolve("kensa.mv.db")), "H2 file database written to the folder");
        try (Database again = Database.openFile(dir)) {
            assertEquals(List.of(), again.appliedOnOpen(), "reopening applies nothing twice");
        }
    }

    /** An older station's database: only V001 applied. Returns a statement on it for the test's own changes. */
    private static Statement atVersion1(Connection c) throws Exception {
        Migrations.Script v1 = Migrations.shipped().get(0);
        Statement st = c.createStatement();
        st.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, "
                + "checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        for (String s : Migrations.statements(v1.sql())) {
            st.execute(s);
        }
        st.execute("INSERT INTO schema_migrations VALUES (1, 'v1', '" + v1.checksum() + "', CURRENT_TIMESTAMP)");
        return st;
    }

    @Test
    void existingDatabaseIsUpgradedKeepingItsData() throws Exception {
        String url = Database.h2Url(dir);
        // an older station: only V001 applied, with data in it
        try (Connection c = DriverManager.getConnection(url, "", "")) {
            try (Statement st = atVersion1(c)) {
                st.execute("INSERT INTO station_info VALUES ('station', 'line-3')");
            }
        }
        try (Database db = Database.openFile(dir)) {
            int shipped = Migrations.shipped().size();
            assertEquals(shipped - 1, db.appliedOnOpen().size(), "only the newer migrations run");
            assertEquals(1, count(db, "SELECT COUNT(*) FROM station_info WHERE info_value = 'line-3'"));
        }
        Path copy = dir.resolve("kensa-before-V002.zip");
        assertTrue(Files.size(copy) > 0, "the database before the upgrade is kept");
        try (var zip = new java.util.zip.ZipFile(copy.toFile())) {
            assertTrue(zip.getEntry("kensa.mv.db") != null, "an H2 backup holding the database file");
        }
        assertFalse(Files.exists(dir.resolve("kensa-before-V002.zip.part")), "the temporary copy is renamed, not left");
        assertEquals(1, UpgradeBackup.readable(copy).orElseThrow().schemaVersion(), "the copy opens as the V1 database");
    }

    @Test
    void aCopyCutShortByAnEarlierCrashIsReplacedByAWholeOne() throws Exception {
        try (Connection c = DriverManager.getConnection(Database.h2Url(dir), "", "")) {
            atVersion1(c).close();
        }
        Path copy = dir.resolve("kensa-before-V002.zip");
        Files.write(copy, new byte[] {'P', 'K', 3, 4, 20, 0}); // what a BACKUP killed after its first bytes leaves
        try (Database db = Database.openFile(dir)) {
            assertEquals(Migrations.shipped().size() - 1, db.appliedOnOpen().size());
        }
        assertEquals(1, UpgradeBackup.readable(copy).orElseThrow().schemaVersion(), "a whole copy of the V1 database");
    }

    @Test
    void aCopyOfAnotherDatabaseIsRefusedAndNothingIsUpgraded() throws Exception {
        try (Connection c = DriverManager.getConnection(Database.h2Url(dir), "", "")) {
            try (Statement st = atVersion1(c)) {
                st.execute("INSERT INTO station_info VALUES ('database_id', 'aaaaaaaaaaaaaaaa')");
                st.execute("BACKUP TO '" + dir.resolve("kensa-before-V002.zip") + "'");
                st.execute("UPDATE station_info SET info_value = 'bbbbbbbbbbbbbbbb' WHERE info_key = 'database_id'");
            }
        }
        StoreException e = assertThrows(StoreException.class, () -> Database.openFile(dir));
        assertTrue(e.getMessage().contains("The copy " + dir.resolve("kensa-before-V002.zip").toAbsolutePath()
                + " taken before an earlier upgrade to schema V2 is not of this database as it is now (the copy: database id"
                + " aaaaaaaaaaaaaaaa, last audit event (none yet), schema V1; the database: database id bbbbbbbbbbbbbbbb"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was changed: move that file out of"), e.getMessage());
        try (Connection c = DriverManager.getConnection(Database.h2Url(dir), "", "")) {
            assertEquals(1, UpgradeBackup.state(c).schemaVersion(), "the database is left at V1");
        }
    }

    @Test
    void aCopyFromBeforeLaterAuditEventsIsRefused() throws Exception {
        List<Migrations.Script> shipped = Migrations.shipped();
        int last = shipped.get(shipped.size() - 1).version();
        int before = shipped.get(shipped.size() - 2).version();
        Path copy = dir.resolve(String.format("kensa-before-V%03d.zip", last));
        try (Connection c = DriverManager.getConnection(Database.h2Url(dir), "", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, "
                    + "checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            for (Migrations.Script s : shipped.subList(0, shipped.size() - 1)) {
                for (String statement : Migrations.statements(s.sql())) {
                    st.execute(statement);
                }
                st.execute("INSERT INTO schema_migrations VALUES (" + s.version() + ", 'v', '" + s.checksum()
                        + "', CURRENT_TIMESTAMP)");
            }
            st.execute("BACKUP TO '" + copy + "'");
            st.execute("UPDATE audit_head SET last_seq = 7"); // the station went on recording after that copy
        }
        StoreException e = assertThrows(StoreException.class, () -> Database.openFile(dir));
        assertTrue(e.getMessage().contains("(the copy: database id (none yet), last audit event 0, schema V" + before
                + "; the database: database id (none yet), last audit event 7, schema V" + before + ")"), e.getMessage());
    }

    @Test
    void aScriptFailingHalfwayNamesTheCopyToGoBackTo() throws Exception {
        String url = Database.h2Url(dir);
        try (Connection c = DriverManager.getConnection(url, "", "")) {
            try (Statement st = atVersion1(c)) {
                st.execute("CREATE TABLE decisions (id INTEGER)"); // V002 creates it after two other tables: it fails there
            }
        }
        StoreException e = assertThrows(StoreException.class, () -> Database.openFile(dir));
        Path copy = dir.resolve("kensa-before-V002.zip").toAbsolutePath();
        assertTrue(e.getMessage().contains("Migration V2 failed") && e.getMessage().contains(copy.toString()),
                e.getMessage());
        byte[] beforeUpgrade = Files.readAllBytes(copy);

        // a retry (the cause not fixed) meets the half-upgraded database: the first copy is the one to go back to
        StoreException again = assertThrows(StoreException.class, () -> Database.openFile(dir));
        assertTrue(again.getMessage().contains(copy.toString()), again.getMessage());
        assertArrayEquals(beforeUpgrade, Files.readAllBytes(copy), "the pre-upgrade copy is not overwritten");
    }

    @Test
    void editedMigrationIsRefusedWithAClearMessage() throws Exception {
        try (Database db = Database.openFile(dir)) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("UPDATE schema_migrations SET checksum = 'abc' WHERE version = 1");
            }
        }
        StoreException e = assertThrows(StoreException.class, () -> Database.openFile(dir).close());
        assertTrue(e.getMessage().contains("V1") && e.getMessage().contains("changed after it was applied"), e.getMessage());
    }

    @Test
    void databaseFromNewerKensaIsRefused() throws Exception {
        try (Database db = Database.openFile(dir)) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("INSERT INTO schema_migrations VALUES (999, 'future', 'x', CURRENT_TIMESTAMP)");
            }
        }
        StoreException e = assertThrows(StoreException.class, () -> Database.openFile(dir).close());
        assertTrue(e.getMessage().contains("newer Kensa"), e.getMessage());
    }

    /** Applied scripts are checked by checksum on every open: editing one would lock every existing station out. */
    @Test
    void appliedScriptsNeverChange() {
        List<Migrations.Script> shipped = Migrations.shipped();
        assertEquals("fd51cc5d1a9c6496864db589f1315e57c1fc3039040c7a6382913475094a2b7c", shipped.get(0).checksum());
        assertEquals("b1fe9e378e3835d338772de904c410f5b2e908eee0ab1f3004b2b6b0b1ed5dff", shipped.get(1).checksum());
        assertEquals("481b55a9358168c905d4814cfb32ff04a001e468b9d661312146699a63bbff56", shipped.get(2).checksum());
        assertTrue(shipped.size() >= 4, "V004 widens columns instead");
    }

    @Test
    void databaseAtV003IsWidenedByV004KeepingItsRows() throws Exception {
        String url = Database.h2Url(dir);
        try (Connection c = DriverManager.getConnection(url, "", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, "
                    + "checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            for (Migrations.Script s : Migrations.shipped().subList(0, 3)) {
                for (String statement : Migrations.statements(s.sql())) {
                    st.execute(statement);
                }
                st.execute("INSERT INTO schema_migrations VALUES (" + s.version() + ", 'v', '" + s.checksum()
                        + "', CURRENT_TIMESTAMP)");
            }
            st.execute("INSERT INTO station_info VALUES ('station', 'line-3')");
            st.execute("SHUTDOWN");
        }
        try (Database db = Database.openFile(dir)) {
            assertEquals(4, db.appliedOnOpen().get(0));
            assertEquals(1, count(db, "SELECT COUNT(*) FROM station_info WHERE info_key = 'station'"));
            assertEquals(100000, count(db, "SELECT CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS "
                    + "WHERE TABLE_NAME = 'INSPECTIONS' AND COLUMN_NAME = 'REGIONS'"));
            assertEquals(1000, count(db, "SELECT CHARACTER_MAXIMUM_LENGTH FROM INFORMATION_SCHEMA.COLUMNS "
                    + "WHERE TABLE_NAME = 'AUDIT_EVENTS' AND COLUMN_NAME = 'ACTOR'"));
        }
    }

    @Test
    void scriptsSplitIntoStatementsIgnoringComments() {
        List<String> statements = Migrations.statements("-- title\nCREATE TABLE a (x INT);\n\n-- note\nCREATE TABLE b (\n  y INT\n);\n");
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE TABLE b (\n  y INT\n)"), statements);
    }

    private static int count(Database db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
