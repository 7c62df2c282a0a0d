package io.kensa.store;

import static io.kensa.store.StoreFixtures.ALICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.PromptProfile;
import io.kensa.llm.PromptProfiles;
import io.kensa.model.DecisionInput;
import io.kensa.model.InspectionId;
import io.kensa.model.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attacks of issue 15, each of which passed verify while the chain was plain SHA-256 and only the head log's
 * newest line was read: every one must now fail with a message naming what and where.
 */
class SignedAuditChainTest {
    @TempDir
    Path home;

    private Path headLog() {
        return AuditTrail.headLogIn(home);
    }

    private Path dbFolder() {
        return home.resolve("db");
    }

    private static DecisionInput decision(String note) {
        return DecisionInput.override("contamination", Severity.MINOR, note, ALICE, Optional.empty());
    }

    /** Events 1 inspection, 2..(1 + decisions) decisions, as the station records them with its head log. */
    private void record(int decisions) throws Exception {
        try (Database db = Database.openFile(dbFolder());
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), headLog(), "station-A")) {
            InspectionId id = store.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, Instant.now()));
            for (int i = 0; i < decisions; i++) {
                store.recordDecision(id, decision("note " + i));
            }
        }
    }

    private VerifyResult verify(Database db, boolean withHeadLog) throws Exception {
        return StoreFixtures.audit(db, home, withHeadLog ? Optional.of(headLog()) : Optional.empty()).verify();
    }

    private static void sql(Database db, String... statements) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.executeUpdate(s);
            }
        }
    }

    /** Cuts the newest decision (event {@code seq}, decision {@code id}), its event and the head row together. */
    private static void cutNewest(Database db, long seq, long id) throws Exception {
        sql(db, "DELETE FROM audit_events WHERE seq = " + seq, "DELETE FROM decisions WHERE id = " + id,
                "UPDATE audit_head SET last_seq = " + (seq - 1) + ", last_hash = (SELECT event_hash FROM audit_events "
                        + "WHERE seq = " + (seq - 1) + ")");
    }

    /**
     * What someone with database access but no key can do: a new decision row and its event with a correct plain
     * hash, linked to the head, the head row moved on; {@code keyId} and {@code mac} are whatever they claim.
     */
    private static void forgeDecision(Database db, String keyId, String mac) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO decisions(inspection_id, kind, final_class, severity, note, operator_id, "
                    + "operator_name, operator_role, station, decided_at) SELECT inspection_id, kind, 'normal', "
                    + "'NORMAL', 'forged', operator_id, operator_name, operator_role, station, decided_at FROM decisions "
                    + "WHERE id = 1");
            long id;
            try (ResultSet rs = st.executeQuery("SELECT MAX(id) FROM decisions")) {
                rs.next();
                id = rs.getLong(1);
            }
            long last;
            String lastHash;
            try (ResultSet rs = st.executeQuery("SELECT last_seq, last_hash FROM audit_head WHERE id = 1")) {
                rs.next();
                last = rs.getLong(1);
                lastHash = rs.getString(2);
            }
            Instant at = Rows.micros(Instant.now());
            String content = Rows.decisionContent(c, id).orElseThrow();
            String hash = AuditTrail.eventHash(lastHash, last + 1, AuditTrail.DECISION, id, at, ALICE.label(), content);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_events(seq, event_type, entity_id, "
                    + "occurred_at, actor, content_sha256, prev_hash, event_hash, key_id, mac) VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                ps.setLong(1, last + 1);
                ps.setString(2, AuditTrail.DECISION);
                ps.setLong(3, id);
                Rows.setTime(ps, 4, at);
                ps.setString(5, ALICE.label());
                ps.setString(6, content);
                ps.setString(7, lastHash);
                ps.setString(8, hash);
                ps.setString(9, keyId);
                ps.setString(10, mac);
                ps.executeUpdate();
            }
            st.executeUpdate("UPDATE audit_head SET last_seq = " + (last + 1) + ", last_hash = '" + hash + "' WHERE id = 1");
        }
    }

    @Test
    void forgedAppendWithACorrectPlainHashIsBroken() throws Exception {
        record(2);
        try (Database db = Database.openFile(dbFolder())) {
            assertTrue(verify(db, true).ok());
            forgeDecision(db, null, null);
            VerifyResult unsigned = verify(db, false);
            assertFalse(unsigned.ok(), "a correct plain hash without a MAC is a forgery");
            assertEquals(Optional.of(4L), unsigned.firstBrokenEventId());
            assertTrue(unsigned.reason().startsWith("event 4 (decision.recorded, id 3) carries no MAC although events "
                    + "before it are signed"), unsigned.reason());
        }
        String ownKey = StationKey.load(StationKey.in(home)).id();
        try (Database db = Database.openFile(dbFolder())) {
            sql(db, "UPDATE audit_events SET key_id = '" + ownKey + "', mac = '" + "ab".repeat(32) + "' WHERE seq = 4");
            VerifyResult claimed = verify(db, false);
            assertFalse(claimed.ok(), "claiming the station's key without it");
            assertTrue(claimed.reason().startsWith("event 4 (decision.recorded, id 3) is not signed by station key "
                    + ownKey), claimed.reason());
            sql(db, "UPDATE audit_events SET key_id = 'feedfacefeedface' WHERE seq = 4");
            VerifyResult invented = verify(db, false);
            assertFalse(invented.ok(), "a key nobody gave the check is not accepted by default");
            assertTrue(invented.reason().contains("station key feedfacefeedface: 1 event(s), event 4"), invented.reason());
            assertTrue(invented.reason().contains("--key FILE"), invented.reason());
        }
    }

    @Test
    void headLogDeletedAfterCuttingTheNewestDecisionFails() throws Exception {
        record(3);
        try (Database db = Database.openFile(dbFolder())) {
            cutNewest(db, 4, 3);
            Files.delete(headLog());
            VerifyResult r = verify(db, true);
            assertFalse(r.ok(), "a missing head log is a failure, not a note");
            assertTrue(r.reason().startsWith("the head log " + headLog() + " is missing"), r.reason());
            assertTrue(verify(db, false).ok(), "only --no-head-log checks the chain alone (which cannot see the cut)");
        }
    }

    @Test
    void headLogTruncatedAfterCuttingTheNewestDecisionFails() throws Exception {
        record(4);
        List<String> lines = Files.readAllLines(headLog());
        assertEquals(5, lines.size());
        try (Database db = Database.openFile(dbFolder())) {
            cutNewest(db, 5, 4);
            Files.writeString(headLog(), lines.get(0) + "\n" + lines.get(1) + "\n");
            VerifyResult r = verify(db, true);
            assertFalse(r.ok(), "the station's decisions 3 and 4 have no line any more");
            assertEquals(Optional.of(3L), r.firstBrokenEventId());
            assertTrue(r.reason().startsWith("events 3 (decision.recorded), 4 (decision.recorded) (2 in all) signed by "
                    + "this station (key "), r.reason());
            assertTrue(r.reason().contains("are not in its head log " + headLog()), r.reason());
        }
    }

    @Test
    void headLogPaddedPastItsOldTailAfterCuttingTheNewestDecisionFails() throws Exception {
        record(3);
        StringBuilder padding = new StringBuilder();
        while (padding.length() < 70 * 1024) { // lines of "another database", past the 64 KiB the old verify read
            padding.append(padding.length()).append(' ').append("ef".repeat(32)).append(" 2026-01-01T00:00:00Z db=")
                    .append("0123456789abcdef").append('\n');
        }
        try (Database db = Database.openFile(dbFolder())) {
            cutNewest(db, 4, 3);
            Files.writeString(headLog(), padding, StandardOpenOption.APPEND);
            VerifyResult r = verify(db, true);
            assertFalse(r.ok(), "the whole log is read: the cut decision's line is still in it");
            assertTrue(r.reason().startsWith("the database ends at event 3 but the head log " + headLog()
                    + " noted event 4"), r.reason());
            Files.writeString(headLog(), "x".repeat(200) + "\n", StandardOpenOption.APPEND);
            VerifyResult junk = verify(db, true);
            assertFalse(junk.ok());
            assertTrue(junk.reason().contains("holds a line that is not an event line (line "), junk.reason());
        }
    }

    private static ProfileDocument bottle(String strategy) throws Exception {
        ProfileDocument d = PromptProfiles.read(ShippedResources.resolve("recipes/bottle/" + PromptProfiles.FILE_NAME));
        PromptProfile p = d.profile();
        return new ProfileDocument(new PromptProfile(p.name(), p.version(), p.normalDescription(), p.anomalyClasses(),
                strategy, p.referenceImages()), d.offline());
    }

    @Test
    void profileVersionRewrittenInTheDatabaseFails() throws Exception {
        record(1);
        try (Database db = Database.openFile(dbFolder())) {
            PromptProfileStore profiles = new PromptProfileStore(db, home);
            profiles.save(bottle("Look at the rim first."), "qa-anna");
            profiles.save(bottle("Look at the label first."), "qa-ben");
            VerifyResult before = verify(db, true);
            assertTrue(before.ok(), before.reason());
            assertEquals(4, before.checkedCount(), "the two versions are events 3 and 4");
            // the document and the sha256 stored beside it, rewritten together: the row checks out on its own
            String json;
            try (Connection c = db.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT document FROM prompt_profile_version WHERE version = 1")) {
                rs.next();
                json = rs.getString(1).replace("Look at the rim first.", "Ignore scratches.");
            }
            try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(
                    "UPDATE prompt_profile_version SET document = ?, sha256 = ? WHERE version = 1")) {
                ps.setString(1, json);
                ps.setString(2, io.kensa.util.Hashes.sha256Hex(json));
                ps.executeUpdate();
            }
            VerifyResult r = verify(db, true);
            assertFalse(r.ok());
            assertEquals(Optional.of(3L), r.firstBrokenEventId());
            assertTrue(r.reason().startsWith("event 3 (prompt_profile.saved, id 1): prompt_profile 1 no longer matches"),
                    r.reason());
        }
    }

    @Test
    void profileVersionInsertedWithoutAnEventFails() throws Exception {
        record(1);
        try (Database db = Database.openFile(dbFolder())) {
            new PromptProfileStore(db, home).save(bottle("Look at the rim first."), "qa-anna");
            sql(db, "INSERT INTO prompt_profile_version(profile_name, version, document, sha256, author, created_at) "
                    + "SELECT profile_name, 2, document, sha256, 'intruder', created_at FROM prompt_profile_version");
            VerifyResult r = verify(db, true);
            assertFalse(r.ok());
            assertTrue(r.reason().startsWith("prompt profile 'bottle' v2 has no audit event"), r.reason());
        }
    }

    @Test
    void stationInfoEditedFails() throws Exception {
        record(2);
        try (Database db = Database.openFile(dbFolder())) {
            sql(db, "UPDATE station_info SET info_value = '0123456789abcdef' WHERE info_key = '" + Database.ID_KEY + "'");
        }
        try (Database db = Database.openFile(dbFolder())) {
            VerifyResult r = verify(db, true);
            assertFalse(r.ok(), "a new database id must not turn the station's lines into another database's");
            assertTrue(r.reason().startsWith("this database's events are not in the head log " + headLog()), r.reason());
            assertTrue(r.reason().contains("database_id in station_info"), r.reason());
        }
        try (Database db = Database.openFile(dbFolder())) {
            // the upgrade's mark of the last unsigned event, moved on so that a forged unsigned event looks old
            sql(db, "UPDATE station_info SET info_value = '99' WHERE info_key = '" + AuditTrail.UNSIGNED_THROUGH + "'");
            forgeDecision(db, null, null);
            VerifyResult r = verify(db, false);
            assertFalse(r.ok());
            assertTrue(r.reason().contains("carries no MAC although events before it are signed"), r.reason());
        }
    }

    @Test
    void olderBackupRestoredFails() throws Exception {
        record(2);
        Path backup = home.resolve("backup.mv.db");
        Files.copy(dbFolder().resolve("kensa.mv.db"), backup);
        try (Database db = Database.openFile(dbFolder());
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), headLog(), "station-A")) {
            store.recordDecision(new InspectionId(1), decision("after the backup"));
        }
        Files.copy(backup, dbFolder().resolve("kensa.mv.db"), StandardCopyOption.REPLACE_EXISTING);
        try (Database db = Database.openFile(dbFolder())) {
            VerifyResult r = verify(db, true);
            assertFalse(r.ok(), "the restored copy is intact on its own but older than the head log");
            assertEquals(Optional.of(4L), r.firstBrokenEventId());
            assertTrue(r.reason().contains("or the database was replaced by an older copy (a restored backup)"),
                    r.reason());
        }
    }

    @Test
    void headLogDeletedWhileTheStationRunsIsRecreatedAndTheGapRecorded() throws Exception {
        try (Database db = Database.openFile(dbFolder());
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), headLog(), "station-A")) {
            InspectionId id = store.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, Instant.now()));
            store.recordDecision(id, decision("before"));
            Files.delete(headLog());
            store.recordDecision(id, decision("after"));
            List<String> lines = Files.readAllLines(headLog());
            assertEquals(List.of("3", "4"), lines.stream().map(l -> l.split(" ")[0]).toList(),
                    "a new log with the gap event (3) and the decision (4), not lines written into a deleted file");
            VerifyResult r = store.auditTrail().verify();
            assertTrue(r.ok(), r.reason());
            assertEquals(4, r.checkedCount());
            assertTrue(r.notes().get(0).startsWith("2 event(s) of this station before event 3 are not in the head log"),
                    r.notes().toString());
        }
        try (Database db = Database.openFile(dbFolder())) {
            try (Connection c = db.connect(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT event_type FROM audit_events WHERE seq = 3")) {
                rs.next();
                assertEquals(AuditTrail.HEAD_LOG_GAP, rs.getString(1));
            }
        }
    }

    @Test
    void headLogBehindTheStationsEventsWhenItOpensIsRecordedAsAGap() throws Exception {
        record(2);
        List<String> lines = Files.readAllLines(headLog());
        Files.writeString(headLog(), lines.get(0) + "\n"); // e.g. a power cut before the last lines reached the disk
        try (Database db = Database.openFile(dbFolder());
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), headLog(), "station-A")) {
            VerifyResult r = store.auditTrail().verify();
            assertTrue(r.ok(), r.reason());
            assertTrue(r.notes().get(0).startsWith("2 event(s) of this station before event 4 are not in the head log"),
                    r.notes().toString());
        }
    }

    @Test
    void stationKeyIsOwnerOnlyAndAnOpenOrMalformedKeyIsRefused() throws Exception {
        Path file = StationKey.in(home);
        StationKey key = StationKey.openOrCreate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(key.id(), StationKey.openOrCreate(file).id(), "the same key on every open");
        assertTrue(Files.readString(file).strip().matches("[0-9a-f]{64}"));

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        StoreException open = assertThrows(StoreException.class, () -> StationKey.openOrCreate(file));
        assertTrue(open.getMessage().startsWith("The station key " + file + " can be used by others (permissions "
                + "rw-r--r--)"), open.getMessage());
        assertTrue(open.getMessage().contains("chmod 600 " + file), open.getMessage());
        StoreException store = assertThrows(StoreException.class, () -> {
            try (Database db = Database.openFile(dbFolder())) {
                InspectionStore.open(db, home.resolve("images"), headLog(), "station-A").close();
            }
        });
        assertTrue(store.getMessage().contains("can be used by others"), "a station does not record with it");

        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(file, "not a key\n", StandardCharsets.US_ASCII);
        StoreException malformed = assertThrows(StoreException.class, () -> StationKey.load(file));
        assertTrue(malformed.getMessage().startsWith("The station key " + file + " is malformed: it must hold 64 "
                + "lower-case hex digits (256 bits) and holds 9 characters"), malformed.getMessage());
    }

    @Test
    void eventsFromBeforeTheUpgradeAreCountedAndAnUnsignedEventAfterItFails() throws Exception {
        // a database of a build before V006: its events carry no MAC
        try (Connection c = DriverManager.getConnection(Database.h2Url(dbFolder()), "", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, description VARCHAR(200) NOT NULL, "
                    + "checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            for (Migrations.Script script : Migrations.shipped().subList(0, AuditTrail.SIGNED_SCHEMA - 1)) {
                for (String s : Migrations.statements(script.sql())) {
                    st.execute(s);
                }
                st.execute("INSERT INTO schema_migrations VALUES (" + script.version() + ", 'v', '" + script.checksum()
                        + "', CURRENT_TIMESTAMP)");
            }
            String prev = "0".repeat(64);
            for (long seq = 1; seq <= 2; seq++) { // events of a type without a row: chain checked only
                Instant at = Rows.micros(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seq));
                String hash = AuditTrail.eventHash(prev, seq, "note.recorded", seq, at, "old build", "cd".repeat(32));
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_events(seq, event_type, entity_id, "
                        + "occurred_at, actor, content_sha256, prev_hash, event_hash) VALUES (?,?,?,?,?,?,?,?)")) {
                    ps.setLong(1, seq);
                    ps.setString(2, "note.recorded");
                    ps.setLong(3, seq);
                    Rows.setTime(ps, 4, at);
                    ps.setString(5, "old build");
                    ps.setString(6, "cd".repeat(32));
                    ps.setString(7, prev);
                    ps.setString(8, hash);
                    ps.executeUpdate();
                }
                prev = hash;
            }
            st.executeUpdate("UPDATE audit_head SET last_seq = 2, last_hash = '" + prev + "' WHERE id = 1");
        }
        try (Database old = Database.openFileForAudit(dbFolder())) {
            VerifyResult r = verify(old, false);
            assertTrue(r.ok(), r.reason());
            assertTrue(r.notes().get(0).startsWith("the database is at schema version 5, before events were signed"),
                    r.notes().toString());
            assertEquals(AuditTrail.SIGNED_SCHEMA - 1, old.schemaVersion(), "verify does not upgrade it");
        }
        try (Database db = Database.openFile(dbFolder());
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), headLog(), "station-A")) {
            store.recordInspection(StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, Instant.now()));
            VerifyResult r = store.auditTrail().verify();
            assertTrue(r.ok(), r.reason());
            assertTrue(r.notes().contains("2 event(s), events 1..2 were recorded before events were signed (V006) and "
                    + "carry no MAC: their links are checked, not who added them"), r.notes().toString());
        }
        try (Database db = Database.openFile(dbFolder())) {
            sql(db, "UPDATE audit_events SET key_id = NULL, mac = NULL WHERE seq = 3");
            VerifyResult r = verify(db, false);
            assertFalse(r.ok(), "the upgrade's mark (event 2) says event 3 must be signed");
            assertTrue(r.reason().startsWith("event 3 (inspection.recorded, id 1) carries no MAC, but events have been "
                    + "signed since event 3"), r.reason());
        }
    }

    @Test
    void verifyReadsWithASelectOnlyUserAndWritesNothing() throws Exception {
        record(2);
        String url = "jdbc:h2:file:" + dbFolder().toAbsolutePath().resolve("kensa") + ";FILE_LOCK=FILE";
        try (Database admin = Database.openFile(dbFolder())) {
            sql(admin, "CREATE USER auditor PASSWORD 'pw'", "GRANT SELECT ON SCHEMA PUBLIC TO auditor");
            try (Database auditor = Database.openForAudit(url, "auditor", "pw")) {
                VerifyResult r = AuditTrail.forAudit(auditor, Optional.of(headLog()),
                        Optional.of(StationKey.load(StationKey.in(home))), List.of()).verify();
                assertTrue(r.ok(), r.reason());
                assertEquals(3, r.checkedCount());
            }
            assertTrue(verify(admin, true).ok(), "and the station's database is still open for the station");
        }
    }

    @Test
    void verifyRunning200TimesWhileAnotherThreadRecordsReportsOkEveryTime() throws Exception {
        try (Database db = Database.openFile(dbFolder());
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), headLog(), "station-A");
             Database auditor = Database.openForAudit(Database.h2Url(dbFolder()), "", "")) {
            InspectionId id = store.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, Instant.now()));
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService recorder = Executors.newSingleThreadExecutor();
            Future<Integer> recorded = recorder.submit(() -> {
                int n = 0;
                while (!stop.get()) {
                    store.recordDecision(id, decision("decision " + n++));
                }
                return n;
            });
            AuditTrail trail = AuditTrail.forAudit(auditor, Optional.of(headLog()),
                    Optional.of(StationKey.load(StationKey.in(home))), List.of());
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                VerifyResult r = trail.verify();
                if (!r.ok()) {
                    failures.add(i + ": " + r.reason());
                }
            }
            stop.set(true);
            int decisions = recorded.get();
            recorder.shutdown();
            assertEquals(List.of(), failures);
            assertTrue(decisions > 0, "the other thread recorded while verify ran");
            System.out.println("200 verifies while " + decisions + " decisions were recorded");
        }
    }
}
