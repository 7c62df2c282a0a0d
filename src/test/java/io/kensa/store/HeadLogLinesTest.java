package io.kensa.store;

import static io.kensa.store.StoreFixtures.ALICE;
import static io.kensa.store.StoreFixtures.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.model.DecisionInput;
import io.kensa.model.InspectionId;
import io.kensa.model.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When head log lines are written, and which database they name. */
class HeadLogLinesTest {
    @TempDir
    Path home;

    private static DecisionInput ok() {
        return DecisionInput.override("normal", Severity.NORMAL, "", ALICE, Optional.empty());
    }

    private static List<String> lines(Path log) throws Exception {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void inH2PowerLossModeLinesWaitForTheNextSyncSoTheLogNeverGetsAheadOfTheDisk() throws Exception {
        Path log = AuditTrail.headLogIn(home);
        try (Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), log, "station-A")) {
            InspectionId id = store.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, Instant.now()));
            store.recordExplanation(id, StoreFixtures.explanation(Instant.now()));
            assertEquals(List.of(), lines(log), "not synced yet: nothing in the log");
            store.recordDecision(id, ok());
            List<String> afterDecision = lines(log);
            assertEquals(3, afterDecision.size(), afterDecision.toString());
            for (int i = 0; i < 3; i++) {
                assertTrue(afterDecision.get(i).startsWith((i + 1) + " "), "in order: " + afterDecision);
                assertTrue(afterDecision.get(i).endsWith(" db=" + db.id()), afterDecision.get(i));
            }
            store.recordInspection(StoreFixtures.inspection(StoreFixtures.demoImage("good", 1), 2, Instant.now()));
            assertEquals(3, lines(log).size());
        }
        assertEquals(4, lines(log).size(), "closing syncs and writes the waiting line");
        try (Database db = Database.openFile(home.resolve("db"))) {
            VerifyResult r = StoreFixtures.audit(db, home, Optional.of(log)).verify();
            assertTrue(r.ok(), r.reason());
            assertTrue(r.compared().get(0).endsWith("4 line(s) match their events"), r.compared().toString());
        }
    }

    @Test
    void withoutAnFsyncModeLinesAreWrittenAtOnce() throws Exception {
        Path log = AuditTrail.headLogIn(home);
        try (Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), Optional.of(log), "station-A",
                     InspectionStore.Durability.PROCESS_CRASH, Clock.systemUTC())) {
            store.recordInspection(StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, Instant.now()));
            assertEquals(1, lines(log).size());
        }
    }

    /** A plant-wide database: another station writes event 1; this one never saw it and still notes its own events. */
    @Test
    void aStationThatDidNotWriteTheFirstEventRecordsWithoutWarnings() throws Exception {
        Path logA = home.resolve("a").resolve(HeadLog.RELATIVE);
        Path logB = home.resolve("b").resolve(HeadLog.RELATIVE);
        try (Database dbA = Database.openFile(home.resolve("db"));
             Database dbB = Database.openFile(home.resolve("db"));
             InspectionStore b = InspectionStore.open(dbB, home.resolve("b/images"), logB, "station-B");
             InspectionStore a = InspectionStore.open(dbA, home.resolve("a/images"), logA, "station-A")) {
            assertEquals(dbA.id(), dbB.id(), "one database, one id, whoever opened it first");
            InspectionId first = a.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, Instant.now()));
            a.recordDecision(first, ok());
            InspectionId second = b.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("good", 1), 2, Instant.now()));
            b.recordDecision(second, DecisionInput.override("normal", Severity.NORMAL, "", BOB, Optional.empty()));
            assertEquals(List.of("3", "4"), lines(logB).stream().map(l -> l.split(" ")[0]).toList());
            VerifyResult r = AuditTrail.forAudit(dbB, Optional.of(logB), Optional.of(StationKey.load(StationKey.in(home.resolve("b")))),
                    List.of(StationKey.load(StationKey.in(home.resolve("a"))))).verify();
            assertTrue(r.ok(), r.reason());
            assertTrue(r.compared().get(0).endsWith("2 line(s) match their events"), r.compared().toString());
        }
    }
}
