package io.kensa.store;

import static io.kensa.store.StoreFixtures.ALICE;
import static io.kensa.store.StoreFixtures.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kensa.llm.Explanation;
import io.kensa.model.Decision;
import io.kensa.model.DecisionInput;
import io.kensa.model.ExplanationId;
import io.kensa.model.InspectionId;
import io.kensa.model.ReviewCase;
import io.kensa.model.ReviewedInspection;
import io.kensa.model.Severity;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same schema and store on a real PostgreSQL server (plant-wide log), started by the test on 127.0.0.1. */
class PostgresStoreTest {
    private static PostgresServer server;
    private static String whyNot = "";

    @TempDir
    Path home;

    @BeforeAll
    static void startServer() {
        try {
            server = PostgresServer.start();
        } catch (IOException e) {
            whyNot = e.getMessage();
        }
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private Database open() throws Exception {
        assumeTrue(server != null, "PostgreSQL tests skipped: " + whyNot);
        return Database.open(server.newDatabase(), PostgresServer.USER, "");
    }

    @Test
    void migrationsRunAndTheStoreWorksOnPostgres() throws Exception {
        try (Database db = open()) {
            assertFalse(db.isH2());
            assertTrue(db.appliedOnOpen().containsAll(List.of(1, 2, 3, 4)), db.appliedOnOpen().toString());
            try (InspectionStore store = InspectionStore.open(db, home.resolve("images"), "line-7")) {
                Instant at = Instant.parse("2025-04-02T10:15:30.123456789Z");
                InspectionInput input = StoreFixtures.inspection(StoreFixtures.demoImage("broken_small", 2), 9, at);
                InspectionId id = store.recordInspection(input);
                StoredInspection stored = store.inspection(id).orElseThrow();
                assertEquals(Instant.parse("2025-04-02T10:15:30.123456Z"), stored.capturedAt());
                assertEquals(input.detection().regions(), stored.regions());
                assertEquals(input.detection().map().width(), store.anomalyMap(id).width());

                Explanation e = StoreFixtures.explanation(at);
                ExplanationId eid = store.recordExplanation(id, e);
                Explanation back = store.explanations(id).get(0).explanation();
                assertEquals(e.rationale(), back.rationale());
                assertEquals(e.confidence(), back.confidence());
                assertEquals(Optional.of(Severity.DEFECT), back.severity());

                Decision accept = store.recordDecision(id, DecisionInput.accept("broken_large", Severity.DEFECT, ALICE, Optional.of(eid)));
                Decision undo = store.undo(accept.id(), ALICE);
                Decision override = store.recordDecision(id, DecisionInput.override("broken_small", Severity.MINOR,
                        "small chip only", ALICE, Optional.of(eid)));
                assertEquals(List.of(accept, undo, override), store.decisions(id));
                assertEquals(Optional.of(override), Decision.standing(store.decisions(id)));
                List<ReviewedInspection> reviewed = new ReviewQueries(store).decidedBetween(
                        Instant.now().minusSeconds(60), Instant.now().plusSeconds(60), 10);
                assertEquals(List.of(id), reviewed.stream().map(ReviewedInspection::id).toList());
                assertEquals(Optional.of(override), reviewed.get(0).standing().map(ReviewCase::decision));
                assertThrows(StoreException.class, () -> store.undo(accept.id(), BOB));
                VerifyResult result = store.auditTrail().verify();
                assertTrue(result.ok(), result.reason());
                assertEquals(5, result.checkedCount());
            }
        }
    }

    /** A plant: two stations, each with its own data folder (key, head log), recording into one database at once. */
    @Test
    void twoStationsWithTwoKeysKeepOneValidChainAndEachKeyIsChecked() throws Exception {
        Path homeA = home.resolve("a");
        Path homeB = home.resolve("b");
        try (Database db = open();
             InspectionStore a = InspectionStore.open(db, homeA.resolve("images"), AuditTrail.headLogIn(homeA), "station-A");
             InspectionStore b = InspectionStore.open(db, homeB.resolve("images"), AuditTrail.headLogIn(homeB), "station-B")) {
            InspectionId id = a.recordInspection(StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, Instant.now()));
            List<Decision> all = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (InspectionStore store : List.of(a, b)) {
                    work.add(pool.submit(() -> {
                        for (int i = 0; i < 40; i++) {
                            all.add(store.recordDecision(id, DecisionInput.accept("normal", Severity.NORMAL, ALICE, Optional.empty())));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(80, all.size());
            StationKey keyA = StationKey.load(StationKey.in(homeA));
            StationKey keyB = StationKey.load(StationKey.in(homeB));
            assertFalse(keyA.id().equals(keyB.id()), "each station has its own key");

            VerifyResult onlyOwn = a.auditTrail().verify();
            assertFalse(onlyOwn.ok(), "station B's events cannot be checked with A's key alone");
            assertTrue(onlyOwn.reason().contains("station key " + keyB.id() + ": 40 event(s), events "), onlyOwn.reason());

            VerifyResult accepted = a.auditTrail().verify(List.of(), true);
            assertTrue(accepted.ok(), accepted.reason());
            assertTrue(accepted.notes().get(0).startsWith("not checked, accepted with --allow-unknown-keys: station key "
                    + keyB.id() + ": 40 event(s)"), accepted.notes().toString());

            for (Path station : List.of(homeA, homeB)) {
                StationKey own = station == homeA ? keyA : keyB;
                VerifyResult both = AuditTrail.forAudit(db, Optional.of(AuditTrail.headLogIn(station)), Optional.of(own),
                        List.of(keyA, keyB)).verify();
                assertTrue(both.ok(), station + ": " + both.reason());
                assertEquals(81, both.checkedCount());
                assertTrue(both.compared().get(0).endsWith((station == homeA ? 41 : 40) + " line(s) match their events"),
                        both.compared().toString());
            }
        }
    }

    @Test
    void aSelectOnlyRoleVerifies() throws Exception {
        assumeTrue(server != null, "PostgreSQL tests skipped: " + whyNot);
        String url = server.newDatabase();
        Path log = AuditTrail.headLogIn(home);
        try (Database db = Database.open(url, PostgresServer.USER, "");
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), log, "line-7")) {
            InspectionId id = store.recordInspection(StoreFixtures.inspection(StoreFixtures.demoImage("good", 1), 1, Instant.now()));
            store.recordDecision(id, DecisionInput.accept("normal", Severity.NORMAL, ALICE, Optional.empty()));
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.execute("CREATE ROLE auditor LOGIN");
                st.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO auditor");
            }
            try (Database auditor = Database.openForAudit(url, "auditor", "")) {
                VerifyResult r = AuditTrail.forAudit(auditor, Optional.of(log),
                        Optional.of(StationKey.load(StationKey.in(home))), List.of()).verify();
                assertTrue(r.ok(), r.reason());
                assertEquals(2, r.checkedCount());
                try (Connection c = auditor.connect(); Statement st = c.createStatement()) {
                    assertThrows(java.sql.SQLException.class, () -> st.executeUpdate("DELETE FROM decisions"),
                            "the role really is SELECT-only");
                }
            }
        }
    }

    @Test
    void tamperingOnPostgresIsFound() throws Exception {
        try (Database db = open(); InspectionStore store = InspectionStore.open(db, home.resolve("images"), "line-7")) {
            InspectionId id = store.recordInspection(StoreFixtures.inspection(StoreFixtures.demoImage("good", 1), 1, Instant.now()));
            for (int i = 0; i < 3; i++) {
                store.recordDecision(id, DecisionInput.accept("normal", Severity.NORMAL, ALICE, Optional.empty()));
            }
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE decisions SET operator_name = 'Someone Else' WHERE id = 2");
            }
            VerifyResult result = store.auditTrail().verify();
            assertFalse(result.ok());
            assertEquals(Optional.of(3L), result.firstBrokenEventId());
            assertTrue(result.reason().contains("decision 2 no longer matches"), result.reason());
        }
    }

    @Test
    void noisyInspectionAndLongestDecisionFitOnPostgres() throws Exception {
        try (Database db = open(); InspectionStore store = InspectionStore.open(db, home.resolve("images"), "line-7")) {
            InspectionId id = store.recordInspection(LongFieldsTest.noisy(StoreFixtures.demoImage("good", 2), 1));
            assertEquals(1849, store.inspection(id).orElseThrow().regionCount());
            for (DecisionInput d : LongFieldsTest.longest()) {
                assertEquals(d.comment(), store.recordDecision(id, d).comment());
            }
            VerifyResult result = store.auditTrail().verify();
            assertTrue(result.ok(), result.reason());
        }
    }

    @Test
    void unreachableServerSaysSo() {
        assumeTrue(server != null, "PostgreSQL tests skipped: " + whyNot);
        StoreException e = assertThrows(StoreException.class,
                () -> Database.open("jdbc:postgresql://127.0.0.1:1/kensa?connectTimeout=2", "kensa", ""));
        assertTrue(e.getMessage().contains("the server does not answer"), e.getMessage());
        assertFalse(e.getMessage().contains("password"), e.getMessage());
    }
}
