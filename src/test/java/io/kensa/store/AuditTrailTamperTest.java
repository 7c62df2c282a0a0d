package io.kensa.store;

import static io.kensa.store.StoreFixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.llm.Severity;
import io.kensa.review.Decision;
import io.kensa.review.DecisionInput;
import io.kensa.review.InspectionId;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows edited or deleted with plain SQL behind the application's back: verify names the first broken link. */
class AuditTrailTamperTest {
    @TempDir
    Path home;
    private final List<Decision> decisions = new ArrayList<>();

    // events: 1 inspection, 2 explanation, 3..6 decisions (ids 1..4), 7 undo of decision 4 (id 5)
    @BeforeEach
    void record() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), "station-A")) {
            InspectionId id = store.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, Instant.now()));
            store.recordExplanation(id, StoreFixtures.explanation(Instant.now()));
            for (int i = 0; i < 4; i++) {
                decisions.add(store.recordDecision(id, DecisionInput.override("contamination", Severity.MINOR,
                        "note " + i, ALICE, Optional.empty())));
            }
            decisions.add(store.undo(decisions.get(3).id(), ALICE));
            assertTrue(store.auditTrail().verify().ok());
        }
    }

    private VerifyResult tamperThenVerify(String... sql) throws Exception {
        try (Database db = Database.openFile(home.resolve("db"))) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                for (String s : sql) {
                    st.executeUpdate(s);
                }
            }
            VerifyResult result = new AuditTrail(db).verify();
            assertFalse(result.ok(), "tampering must be found");
            return result;
        }
    }

    @Test
    void untouchedChainVerifies() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"))) {
            VerifyResult result = new AuditTrail(db).verify();
            assertTrue(result.ok(), result.reason());
            assertEquals(7, result.checkedCount());
            assertEquals(64, result.headHash().length());
        }
    }

    @Test
    void editedDecisionRowIsTheFirstBrokenLink() throws Exception {
        VerifyResult r = tamperThenVerify("UPDATE decisions SET final_class = 'normal' WHERE id = 2");
        assertEquals(Optional.of(4L), r.firstBrokenEventId());
        assertEquals(3, r.checkedCount());
        assertTrue(r.reason().contains("decision 2 no longer matches"), r.reason());
    }

    @Test
    void deletedDecisionRowIsFound() throws Exception {
        VerifyResult r = tamperThenVerify("DELETE FROM decisions WHERE id = 3");
        assertEquals(Optional.of(5L), r.firstBrokenEventId());
        assertTrue(r.reason().contains("decision 3 is missing"), r.reason());
    }

    @Test
    void editedInspectionAndExplanationRowsAreFound() throws Exception {
        VerifyResult r = tamperThenVerify("UPDATE explanations SET anomaly_class = 'normal'",
                "UPDATE inspections SET score = 0.1");
        assertEquals(Optional.of(1L), r.firstBrokenEventId(), r.reason());
    }

    @Test
    void rowEditedIntoAnInvalidValueIsReportedNotThrown() throws Exception {
        VerifyResult r = tamperThenVerify("UPDATE decisions SET kind = 'MAYBE' WHERE id = 3");
        assertEquals(Optional.of(5L), r.firstBrokenEventId());
        assertTrue(r.reason().contains("decision 3 was edited into an invalid value"), r.reason());
    }

    @Test
    void editedAuditEventIsFound() throws Exception {
        VerifyResult r = tamperThenVerify("UPDATE audit_events SET actor = 'someone else' WHERE seq = 5");
        assertEquals(Optional.of(5L), r.firstBrokenEventId());
        assertTrue(r.reason().contains("was edited"), r.reason());
    }

    @Test
    void deletedAuditEventIsFound() throws Exception {
        VerifyResult r = tamperThenVerify("DELETE FROM audit_events WHERE seq = 4");
        assertEquals(Optional.of(5L), r.firstBrokenEventId());
        assertTrue(r.reason().contains("events 4 are missing") || r.reason().contains("missing"), r.reason());
    }

    @Test
    void renumberedEventsStillBreakTheLink() throws Exception {
        VerifyResult r = tamperThenVerify("DELETE FROM audit_events WHERE seq = 4",
                "UPDATE audit_events SET seq = seq - 1 WHERE seq > 4", "UPDATE audit_head SET last_seq = 6");
        assertEquals(Optional.of(4L), r.firstBrokenEventId());
        assertTrue(r.reason().contains("does not link"), r.reason());
    }

    @Test
    void deletedLastEventIsFoundThroughTheHead() throws Exception {
        VerifyResult r = tamperThenVerify("DELETE FROM audit_events WHERE seq = 7");
        assertTrue(r.reason().contains("head says event 7"), r.reason());
    }

    @Test
    void deletedUndoTogetherWithItsLastEventIsFound() throws Exception {
        VerifyResult r = tamperThenVerify("DELETE FROM audit_events WHERE seq = 7", "DELETE FROM decisions WHERE id = 5");
        assertTrue(r.reason().contains("head says event 7"), r.reason());
    }

    @Test
    void rowInsertedWithoutEventIsFound() throws Exception {
        VerifyResult r = tamperThenVerify("INSERT INTO decisions(inspection_id, kind, final_class, severity, note, "
                + "operator_id, operator_name, operator_role, station, decided_at) VALUES (1, 'ACCEPT', 'normal', "
                + "'NORMAL', '', 'x', 'X', 'INSPECTOR', 'station-A', CURRENT_TIMESTAMP)");
        assertEquals(Optional.empty(), r.firstBrokenEventId());
        assertTrue(r.reason().contains("decision 6 has no audit event"), r.reason());
    }
}
