package io.kensa.store;

import static io.kensa.store.StoreFixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.model.Decision;
import io.kensa.model.DecisionInput;
import io.kensa.model.InspectionId;
import io.kensa.model.Severity;
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
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), headLog(), "station-A")) {
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

    private Path headLog() {
        return AuditTrail.headLogIn(home);
    }

    private VerifyResult tamperThenVerify(String... sql) throws Exception {
        try (Database db = Database.openFile(home.resolve("db"))) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                for (String s : sql) {
                    st.executeUpdate(s);
                }
            }
            VerifyResult result = StoreFixtures.audit(db, home, Optional.empty()).verify();
            assertFalse(result.ok(), "tampering must be found");
            return result;
        }
    }

    @Test
    void untouchedChainVerifies() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"))) {
            VerifyResult result = StoreFixtures.audit(db, home, Optional.empty()).verify();
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

    /** The reviewer's cut: the newest decision, its event and the head row changed together; the chain alone holds. */
    private static final String[] CUT_NEWEST = {"DELETE FROM audit_events WHERE seq = 7",
            "DELETE FROM decisions WHERE id = 5",
            "UPDATE audit_head SET last_seq = 6, last_hash = (SELECT event_hash FROM audit_events WHERE seq = 6)"};

    private VerifyResult cutNewestThenVerify(List<AuditCheckpoint> expected, boolean withHeadLog) throws Exception {
        try (Database db = Database.openFile(home.resolve("db"))) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                for (String s : CUT_NEWEST) {
                    st.executeUpdate(s);
                }
            }
            return StoreFixtures.audit(db, home, withHeadLog ? Optional.of(headLog()) : Optional.empty()).verify(expected);
        }
    }

    @Test
    void headLogHasOneLinePerEventAndTheChainMatchesIt() throws Exception {
        List<String> lines = java.nio.file.Files.readAllLines(headLog());
        assertEquals(7, lines.size(), lines.toString());
        assertTrue(lines.get(6).matches("7 [0-9a-f]{64} \\S+Z db=[0-9a-f]{16}"), lines.get(6));
        try (Database db = Database.openFile(home.resolve("db"))) {
            VerifyResult r = StoreFixtures.audit(db, home, Optional.of(headLog())).verify();
            assertTrue(r.ok(), r.reason());
            assertEquals("7:" + lines.get(6).split(" ")[1], r.head());
            assertTrue(r.compared().get(0).endsWith("head.log: 7 line(s) match their events"), r.compared().toString());
        }
    }

    @Test
    void cutOffNewestDecisionPassesTheChainAloneButNotTheHeadLog() throws Exception {
        assertTrue(cutNewestThenVerify(List.of(), false).ok(), "the chain alone cannot see the cut");
        try (Database db = Database.openFile(home.resolve("db"))) {
            VerifyResult r = StoreFixtures.audit(db, home, Optional.of(headLog())).verify();
            assertFalse(r.ok());
            assertEquals(Optional.of(7L), r.firstBrokenEventId());
            assertTrue(r.reason().startsWith("the database ends at event 6 but the head log "), r.reason());
            assertTrue(r.reason().contains("noted event 7"), r.reason());
        }
    }

    @Test
    void cutOffNewestDecisionFailsAnExpectedCheckpoint() throws Exception {
        String head;
        try (Database db = Database.openFile(home.resolve("db"))) {
            head = StoreFixtures.audit(db, home, Optional.empty()).verify().head();
        }
        VerifyResult r = cutNewestThenVerify(List.of(AuditCheckpoint.parse(head)), false);
        assertFalse(r.ok());
        assertTrue(r.reason().contains("the chain ends at event 6, before the expected event " + head), r.reason());
    }

    @Test
    void rewrittenChainFailsTheNotedHashAndAMissingHeadLogFails() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"))) {
            AuditTrail chainOnly = StoreFixtures.audit(db, home, Optional.empty());
            String noted = chainOnly.verify().headHash();
            AuditCheckpoint other = new AuditCheckpoint(5, "ab".repeat(32));
            VerifyResult r = chainOnly.verify(List.of(new AuditCheckpoint(7, noted), other));
            assertFalse(r.ok());
            assertEquals(Optional.of(5L), r.firstBrokenEventId());
            assertTrue(r.reason().contains("not the expected " + "ab".repeat(32)), r.reason());
            assertTrue(r.compared().contains("expected 7:" + noted + ": matches"), r.compared().toString());

            java.nio.file.Files.delete(headLog());
            VerifyResult none = StoreFixtures.audit(db, home, Optional.of(headLog())).verify();
            assertFalse(none.ok(), "a deleted head log is no note but a failure");
            assertTrue(none.reason().startsWith("the head log " + headLog() + " is missing"), none.reason());
            assertTrue(none.reason().contains("--no-head-log"), none.reason());
        }
    }

    @Test
    void everyHeadLogLineIsComparedNotOnlyTheNewest() throws Exception {
        java.nio.file.Files.writeString(headLog(), "3 " + "cd".repeat(32) + " 2025-01-01T00:00:00Z\n",
                java.nio.file.StandardOpenOption.APPEND);
        try (Database db = Database.openFile(home.resolve("db"))) {
            VerifyResult r = StoreFixtures.audit(db, home, Optional.of(headLog())).verify();
            assertFalse(r.ok(), "an older line that differs is found although the newest (7) matches");
            assertEquals(Optional.of(3L), r.firstBrokenEventId());
            assertTrue(r.reason().contains("event 3 differs from the head log"), r.reason());
        }
    }

    @Test
    void aNewDatabaseInTheSameDataFolderIsNotComparedWithTheOldOnesHeadLogButWithItsOwnLines() throws Exception {
        Path fresh = home.resolve("db-fresh");
        try (Database db = Database.openFile(fresh)) {
            VerifyResult empty = StoreFixtures.audit(db, home, Optional.of(headLog())).verify();
            assertTrue(empty.ok(), "a new database is not 'cut off' by the old database's log: " + empty.reason());
            assertTrue(empty.compared().get(0).endsWith("0 line(s) match their events; 7 line(s) of other databases"),
                    empty.compared().toString());
            try (InspectionStore store = InspectionStore.open(db, home.resolve("images"), headLog(), "station-A")) {
                InspectionId id = store.recordInspection(
                        StoreFixtures.inspection(StoreFixtures.demoImage("good", 1), 1, Instant.now()));
                store.recordDecision(id, DecisionInput.override("normal", Severity.NORMAL, "", ALICE, Optional.empty()));
            }
            VerifyResult own = StoreFixtures.audit(db, home, Optional.of(headLog())).verify();
            assertTrue(own.ok(), own.reason());
            assertTrue(own.compared().get(0).contains("2 line(s) match their events"), own.compared().toString());
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM audit_events WHERE seq = 2");
                st.executeUpdate("DELETE FROM decisions");
                st.executeUpdate("UPDATE audit_head SET last_seq = 1, last_hash = (SELECT event_hash FROM audit_events WHERE seq = 1)");
            }
            VerifyResult cut = StoreFixtures.audit(db, home, Optional.of(headLog())).verify();
            assertFalse(cut.ok(), "its own cut is still found");
            assertTrue(cut.reason().contains("noted event 2"), cut.reason());
        }
        try (Database db = Database.openFile(home.resolve("db"))) {
            assertTrue(StoreFixtures.audit(db, home, Optional.of(headLog())).verify().ok(), "and the first database still checks out");
        }
    }

    /**
     * Edits inspection 1 and re-hashes the whole chain from event 1; with the station's key (an insider who has it)
     * the MACs are redone too, so the chain checks out on its own.
     */
    private static void rewriteFromEventOne(Connection c, Optional<StationKey> key) throws Exception {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE inspections SET score = score + 1 WHERE id = 1");
        }
        try (var ps = c.prepareStatement("UPDATE audit_events SET content_sha256 = ? WHERE seq = 1")) {
            ps.setString(1, Rows.inspectionContent(c, 1).orElseThrow());
            ps.executeUpdate();
        }
        String prev = "0".repeat(64);
        List<Object[]> events = new ArrayList<>();
        try (Statement st = c.createStatement(); var rs = st.executeQuery(
                "SELECT seq, event_type, entity_id, occurred_at, actor, content_sha256 FROM audit_events ORDER BY seq")) {
            while (rs.next()) {
                events.add(new Object[] {rs.getLong(1), rs.getString(2), rs.getLong(3), Rows.time(rs, "occurred_at"),
                        rs.getString(5), rs.getString(6)});
            }
        }
        for (Object[] e : events) {
            String hash = AuditTrail.eventHash(prev, (Long) e[0], (String) e[1], (Long) e[2], (Instant) e[3],
                    (String) e[4], (String) e[5]);
            try (var ps = c.prepareStatement("UPDATE audit_events SET prev_hash = ?, event_hash = ? WHERE seq = ?")) {
                ps.setString(1, prev);
                ps.setString(2, hash);
                ps.setLong(3, (Long) e[0]);
                ps.executeUpdate();
            }
            if (key.isPresent()) {
                try (var ps = c.prepareStatement("UPDATE audit_events SET mac = ? WHERE seq = ?")) {
                    ps.setString(1, key.get().sign(hash));
                    ps.setLong(2, (Long) e[0]);
                    ps.executeUpdate();
                }
            }
            prev = hash;
        }
        try (var ps = c.prepareStatement("UPDATE audit_head SET last_seq = ?, last_hash = ? WHERE id = 1")) {
            ps.setLong(1, events.size());
            ps.setString(2, prev);
            ps.executeUpdate();
        }
    }

    @Test
    void chainRewrittenFromEventOneWithoutTheKeyFailsItsFirstMac() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"))) {
            try (Connection c = db.connect()) {
                rewriteFromEventOne(c, Optional.empty());
            }
            VerifyResult r = StoreFixtures.audit(db, home, Optional.empty()).verify();
            assertFalse(r.ok(), "hashes redone with plain SHA-256 do not carry the station's MAC");
            assertEquals(Optional.of(1L), r.firstBrokenEventId());
            assertTrue(r.reason().startsWith("event 1 (inspection.recorded, id 1) is not signed by station key "),
                    r.reason());
        }
    }

    @Test
    void chainRewrittenFromEventOneWithTheKeyIsStillComparedWithTheHeadLog() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"))) {
            try (Connection c = db.connect()) {
                rewriteFromEventOne(c, Optional.of(StationKey.load(StationKey.in(home))));
            }
            assertTrue(StoreFixtures.audit(db, home, Optional.empty()).verify().ok(), "re-signed, it checks out on its own");
            VerifyResult r = StoreFixtures.audit(db, home, Optional.of(headLog())).verify();
            assertFalse(r.ok(), "a new first event does not make this database another one");
            assertTrue(r.reason().contains("event 1 differs from the head log"), r.reason());
        }
    }

    @Test
    void newestDecisionCutAndTheWholeChainReHashedFromEventOneIsBroken() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"))) {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                for (String s : CUT_NEWEST) {
                    st.executeUpdate(s);
                }
                rewriteFromEventOne(c, Optional.of(StationKey.load(StationKey.in(home))));
            }
            assertTrue(StoreFixtures.audit(db, home, Optional.empty()).verify().ok(), "re-signed, it checks out on its own");
            VerifyResult r = StoreFixtures.audit(db, home, Optional.of(headLog())).verify();
            assertFalse(r.ok(), r.compared().toString());
            assertTrue(r.reason().contains("event 1 differs from the head log"), r.reason());
        }
    }

    @Test
    void aDatabaseWithEventsNoneOfWhichTheHeadLogNotedIsBroken() throws Exception {
        Path other = home.resolve("db-other");
        try (Database db = Database.openFile(other);
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), "elsewhere")) {
            store.recordInspection(StoreFixtures.inspection(StoreFixtures.demoImage("good", 2), 1, Instant.now()));
        }
        try (Database db = Database.openFile(other)) {
            VerifyResult r = StoreFixtures.audit(db, home, Optional.of(headLog())).verify();
            assertFalse(r.ok(), "a database swapped in under the station's data folder: " + r.compared());
            assertTrue(r.reason().startsWith("this database's events are not in the head log " + headLog()), r.reason());
            assertTrue(r.reason().contains("the database was replaced or its identity changed"), r.reason());
        }
    }

    /** A database from a build before database_id: it takes the id its log lines already carry. */
    @Test
    void aDatabaseWithoutAStoredIdKeepsTheIdItsOldLogLinesCarry() throws Exception {
        String legacy;
        try (Database db = Database.openFile(home.resolve("db"))) {
            String random = db.id();
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM station_info WHERE info_key = '" + Database.ID_KEY + "'");
                legacy = HeadLog.databaseId(AuditTrail.firstEventHash(c).orElseThrow());
            }
            java.nio.file.Files.writeString(headLog(), java.nio.file.Files.readString(headLog())
                    .replace("db=" + random, "db=" + legacy));
        }
        try (Database db = Database.openFile(home.resolve("db"))) {
            assertEquals(legacy, db.id());
            VerifyResult r = StoreFixtures.audit(db, home, Optional.of(headLog())).verify();
            assertTrue(r.ok(), r.reason());
            assertTrue(r.compared().get(0).endsWith("7 line(s) match their events"), r.compared().toString());
        }
        try (Database db = Database.openFile(home.resolve("db"))) {
            assertEquals(legacy, db.id(), "stored on the first open, kept after");
        }
    }

    @Test
    void checkpointTextIsParsedOrRefusedWithTheFormat() {
        assertEquals(new AuditCheckpoint(12, "ab".repeat(32)), AuditCheckpoint.parse(" 12:" + "AB".repeat(32)));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AuditCheckpoint.parse("12-abc"));
        assertTrue(e.getMessage().contains("is not SEQ:HASH"), e.getMessage());
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
