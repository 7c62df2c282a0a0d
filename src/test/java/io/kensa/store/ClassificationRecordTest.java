package io.kensa.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.detect.Detection;
import io.kensa.model.ClassPrediction;
import io.kensa.model.InspectionId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The defect classifier's class is stored with its inspection, exported, and covered by the audit chain. */
class ClassificationRecordTest {
    @TempDir
    Path home;

    private static final ClassPrediction CONTAMINATION =
            new ClassPrediction("contamination", 0.87, "bottle classifier v2 (backbone e46d0639)");

    private InspectionInput classified(long sequence) {
        InspectionInput plain = StoreFixtures.inspection(StoreFixtures.demoImage("contamination", 0), sequence, Instant.now());
        return new InspectionInput(plain.frame(), plain.detection(), plain.recipeName(), plain.recipeVersion(),
                Optional.of(CONTAMINATION));
    }

    private InspectionStore open(Database db) throws StoreException {
        return InspectionStore.open(db, home.resolve("images"), AuditTrail.headLogIn(home), "station-A");
    }

    @Test
    void classIsStoredReadBackAndVerified() throws Exception {
        try (Database db = Database.openFile(home.resolve("db")); InspectionStore store = open(db)) {
            InspectionId classified = store.recordInspection(classified(1));
            InspectionId plain = store.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 2, Instant.now()));
            assertEquals(Optional.of(CONTAMINATION), store.inspection(classified).orElseThrow().classification());
            assertEquals(Optional.empty(), store.inspection(plain).orElseThrow().classification());
            assertTrue(store.auditTrail().verify().ok());
        }
    }

    @Test
    void aChangedClassBreaksTheChain() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"))) {
            try (InspectionStore store = open(db)) {
                store.recordInspection(classified(1));
            }
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                assertEquals(1, st.executeUpdate("UPDATE inspections SET machine_class = 'good'"));
            }
            VerifyResult result = StoreFixtures.audit(db, home, Optional.empty()).verify();
            assertFalse(result.ok(), "a rewritten class must be found");
        }
    }

    /**
     * An unclassified inspection hashes to exactly what Kensa before V005 hashed, so every chain recorded before the
     * classifier existed still verifies. The expected hash was computed with the pre-V005 code for this row.
     */
    @Test
    void anUnclassifiedRowKeepsThePreClassifierHash() {
        StoredInspection row = new StoredInspection(new InspectionId(7), Instant.parse("2026-12-01T08:00:00Z"),
                Instant.parse("2026-12-01T07:59:59.5Z"), "line-3", "bottle", 2, "folder:/d", "000.png", 41,
                "ab".repeat(32), 320, 320, "q8-gzip", 40, 40, 0.5, 7.25, 7.0, 4.2, List.of(), 0, "cpu()",
                new Detection.DetectTimings(11.5, 3.25, 0.75), Optional.empty());
        assertEquals(PRE_V005_HASH, Rows.inspectionContent(row, new byte[] {1, 2, 3}));
    }

    static final String PRE_V005_HASH = "73a2b9c6b5ca1420073d05ab0d1acf3e2b6f887c382d215272093844dbf94bfa";

    @Test
    void exportCarriesTheClass() throws Exception {
        Instant day = Instant.now().minusSeconds(3600);
        Path out = home.resolve("export");
        try (Database db = Database.openFile(home.resolve("db")); InspectionStore store = open(db)) {
            store.recordInspection(classified(1));
            new Exporter(store).export(StoreFixtures.BOB, new Exporter.Request(day, day.plusSeconds(7200), EnumSet.allOf(Exporter.Format.class),
                    out, false), (done, total) -> { }, () -> false);
        }
        String csv = Files.readString(out.resolve("inspections.csv"));
        assertTrue(csv.lines().findFirst().orElseThrow().contains(",machine_class,machine_class_probability,classifier,"), csv);
        assertTrue(csv.contains(",contamination,0.87,bottle classifier v2 (backbone e46d0639),"), csv);
        assertTrue(Files.readString(out.resolve("inspections.json"))
                .contains("\"machine_class\":\"contamination\",\"machine_class_probability\":0.87"));
    }
}
