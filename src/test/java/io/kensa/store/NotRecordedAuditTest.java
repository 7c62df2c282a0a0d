package io.kensa.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kensa audit verify} re-checks every frames_not_recorded row against its frame.not_recorded event. */
class NotRecordedAuditTest {
    @TempDir
    Path home;

    // events: 1 and 2, frames_not_recorded ids 1 and 2 (one with a NaN score: a damaged model)
    @BeforeEach
    void record() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), AuditTrail.headLogIn(home), "station-A")) {
            store.recordNotRecorded(new FrameNotRecorded(Instant.now(), "folder:/data", "000.png", 7, 0.9, 0.5,
                    "bottle", 1, "the database refused the frame (disk full)"));
            store.recordNotRecorded(new FrameNotRecorded(Instant.now(), "folder:/data", "001.png", 8, Double.NaN, 0.5,
                    "bottle", 1, "the detector's score is not a number"));
            VerifyResult ok = store.auditTrail().verify();
            assertTrue(ok.ok(), ok.reason());
            assertEquals(2, ok.checkedCount());
        }
    }

    private VerifyResult tamperThenVerify(String sql) throws Exception {
        try (Database db = Database.openFile(home.resolve("db"))) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.executeUpdate(sql);
            }
            VerifyResult result = StoreFixtures.audit(db, home, Optional.empty()).verify();
            assertFalse(result.ok(), "tampering must be found");
            return result;
        }
    }

    @Test
    void editedReasonBreaksVerify() throws Exception {
        VerifyResult r = tamperThenVerify("UPDATE frames_not_recorded SET reason = 'operator break' WHERE id = 1");
        assertEquals(Optional.of(1L), r.firstBrokenEventId());
        assertTrue(r.reason().contains("no longer matches what was recorded"), r.reason());
    }

    @Test
    void scoreEditedFromNotANumberToAPassBreaksVerify() throws Exception {
        VerifyResult r = tamperThenVerify("UPDATE frames_not_recorded SET score = 0.1 WHERE id = 2");
        assertEquals(Optional.of(2L), r.firstBrokenEventId());
    }

    @Test
    void deletedRowBreaksVerify() throws Exception {
        VerifyResult r = tamperThenVerify("DELETE FROM frames_not_recorded WHERE id = 1");
        assertTrue(r.reason().contains("is missing (deleted behind the application's back)"), r.reason());
    }

    @Test
    void rowInsertedWithoutEventBreaksVerify() throws Exception {
        VerifyResult r = tamperThenVerify("INSERT INTO frames_not_recorded(recorded_at, captured_at, station, recipe_name,"
                + " recipe_version, source_spec, source_origin, frame_sequence, score, threshold, reason) VALUES ("
                + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'station-A', 'bottle', 1, 'folder:/d', 'x.png', 9, 0.9, 0.5, 'x')");
        assertTrue(r.reason().contains("frames_not_recorded row 3 has no audit event"), r.reason());
    }
}
