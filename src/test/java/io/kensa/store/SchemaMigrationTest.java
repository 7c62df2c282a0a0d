package io.kensa.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.model.DecisionInput;
import io.kensa.model.InspectionId;
import io.kensa.model.Severity;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigrationTest {
    @TempDir
    Path home;

    @Test
    void freshDatabaseGetsTheStoreSchema() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"))) {
            assertTrue(db.appliedOnOpen().containsAll(List.of(1, 2)), db.appliedOnOpen().toString());
            assertStoreWorks(db);
        }
    }

    @Test
    void databaseAtV001IsUpgradedAndKeepsItsData() throws Exception {
        Migrations.Script v001 = Migrations.shipped().get(0);
        String url = Database.h2Url(home.resolve("db"));
        try (Connection c = java.sql.DriverManager.getConnection(url, "", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, "
                    + "checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            for (String statement : Migrations.statements(v001.sql())) {
                st.execute(statement);
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO schema_migrations VALUES (?,?,?,?)")) {
                ps.setInt(1, 1);
                ps.setString(2, v001.description());
                ps.setString(3, v001.checksum());
                ps.setTimestamp(4, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            st.execute("INSERT INTO station_info VALUES ('station', 'line-3')");
            st.execute("SHUTDOWN");
        }
        try (Database db = Database.openFile(home.resolve("db"))) {
            assertEquals(2, db.appliedOnOpen().get(0));
            assertStoreWorks(db);
            try (Connection c = db.connect(); Statement st = c.createStatement();
                 var rs = st.executeQuery("SELECT info_value FROM station_info")) {
                assertTrue(rs.next());
                assertEquals("line-3", rs.getString(1));
            }
        }
    }

    private void assertStoreWorks(Database db) throws Exception {
        try (InspectionStore store = InspectionStore.open(db, home.resolve("images"), "station-A")) {
            InspectionId id = store.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, Instant.now()));
            store.recordDecision(id, DecisionInput.accept("normal", Severity.NORMAL, StoreFixtures.ALICE, Optional.empty()));
            assertTrue(store.auditTrail().verify().ok());
        }
    }
}
