package io.kensa.store;

import static io.kensa.store.StoreFixtures.ALICE;
import static io.kensa.store.StoreFixtures.BOB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.detect.AnomalyMap;
import io.kensa.llm.Explanation;
import io.kensa.model.Action;
import io.kensa.model.Decision;
import io.kensa.model.DecisionInput;
import io.kensa.model.ExplanationId;
import io.kensa.model.InspectionId;
import io.kensa.model.ReviewCase;
import io.kensa.model.ReviewedInspection;
import io.kensa.model.Severity;
import io.kensa.util.Hashes;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectionStoreTest {
    @TempDir
    Path home;

    private InspectionStore open(Database db) throws StoreException {
        return InspectionStore.open(db, home.resolve("images"), "line-3-station-A");
    }

    @Test
    void storesInspectionImageLosslesslyByContentHashAndMapCompactly() throws Exception {
        BufferedImage image = StoreFixtures.demoImage("broken_large", 0);
        InspectionInput input = StoreFixtures.inspection(image, 1, Instant.parse("2025-03-01T08:00:00.123456789Z"));
        try (Database db = Database.openFile(home.resolve("db")); InspectionStore store = open(db)) {
            InspectionId id = store.recordInspection(input);
            StoredInspection stored = store.inspection(id).orElseThrow();

            Path file = store.imageFile(stored);
            assertEquals(home.resolve("images").resolve(stored.imageSha256().substring(0, 2))
                    .resolve(stored.imageSha256() + ".png"), file);
            assertEquals(stored.imageSha256(), Hashes.sha256Hex(Files.readAllBytes(file)));
            BufferedImage back = ImageIO.read(file.toFile());
            for (int y = 0; y < image.getHeight(); y += 7) {
                for (int x = 0; x < image.getWidth(); x += 7) {
                    assertEquals(image.getRGB(x, y), back.getRGB(x, y), "pixel " + x + "," + y);
                }
            }
            try (var dir = Files.list(file.getParent())) {
                assertEquals(1, dir.count(), "no temporary file is left beside the image");
            }

            assertEquals(Instant.parse("2025-03-01T08:00:00.123456Z"), stored.capturedAt());
            assertEquals("line-3-station-A", stored.station());
            assertEquals("bottle-line-3", stored.recipeName());
            assertEquals(7, stored.recipeVersion());
            assertEquals("folder:/data/bottle", stored.source());
            assertEquals(input.detection().score(), stored.score());
            assertEquals(4.2, stored.threshold());
            assertEquals(input.detection().regions(), stored.regions());
            assertEquals("cpu()", stored.device());
            assertEquals(input.detection().timings(), stored.timings());
            assertTrue(stored.anomalous());

            AnomalyMap original = input.detection().map();
            AnomalyMap map = store.anomalyMap(id);
            double tolerance = (original.max() - stored.mapLow()) / 510 + 1e-5;
            for (int i = 0; i < original.values().length; i++) {
                assertEquals(original.values()[i], map.values()[i], tolerance);
            }
        }
    }

    @Test
    void recordsEveryExplanationFieldWithoutSecrets() throws Exception {
        Instant at = Instant.parse("2025-03-01T08:00:01.5Z");
        try (Database db = Database.openFile(home.resolve("db")); InspectionStore store = open(db)) {
            InspectionId id = store.recordInspection(StoreFixtures.inspection(StoreFixtures.demoImage("good", 0), 1, at));
            Explanation e = StoreFixtures.explanation(at);
            ExplanationId eid = store.recordExplanation(id, e);
            StoredExplanation stored = store.explanations(id).get(0);
            assertEquals(eid, stored.id());
            Explanation back = stored.explanation();
            assertEquals("https://REDACTED@llm.example.com/v1?api-key=REDACTED&deployment=REDACTED", back.endpoint());
            assertFalse(back.endpoint().contains("sk-secret") || back.endpoint().contains("pw"));
            assertEquals("{\"class\":\"broken_large\"}\uFFFD", back.rawResponse(), "NUL cannot be stored in PostgreSQL");
            Explanation expected = new Explanation(e.status(), e.explainer(), e.model(), back.endpoint(),
                    e.profileName(), e.profileVersion(), e.anomalyClass(), e.severity(), e.confidence(), e.rationale(),
                    e.evidence(), e.requestSummary(), back.rawResponse(), e.latencyMs(), e.promptTokens(),
                    e.completionTokens(), e.fromCache(), e.createdAt());
            assertEquals(expected, back);
        }
    }

    @Test
    void decisionsAndUndosAreSeparateRowsAndTheStandingDecisionFollows() throws Exception {
        try (Database db = Database.openFile(home.resolve("db")); InspectionStore store = open(db)) {
            InspectionId id = store.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("contamination", 1), 1, Instant.now()));
            ExplanationId shown = store.recordExplanation(id, StoreFixtures.explanation(Instant.now()));
            Decision accept = store.recordDecision(id, DecisionInput.accept("broken_large", Severity.DEFECT, ALICE,
                    Optional.of(shown)));
            assertEquals(Action.ACCEPT, accept.action());
            assertEquals(ALICE, accept.operator());
            assertEquals("line-3-station-A", accept.station());
            assertEquals(Optional.of(shown), accept.shownExplanation());

            Decision undo = store.undo(accept.id(), ALICE);
            assertEquals(Action.UNDO, undo.action());
            assertEquals(Optional.of(accept.id()), undo.undoes());
            assertEquals(Optional.empty(), Decision.standing(store.decisions(id)));
            StoreException twice = assertThrows(StoreException.class, () -> store.undo(accept.id(), ALICE));
            assertTrue(twice.getMessage().contains("already undone"), twice.getMessage());
            assertThrows(StoreException.class, () -> store.undo(undo.id(), ALICE));
            assertThrows(StoreException.class, () -> store.undo(new io.kensa.model.DecisionId(999), ALICE));

            Decision override = store.recordDecision(id, DecisionInput.override("contamination", Severity.MINOR,
                    "speck, within tolerance", ALICE, Optional.of(shown)));
            assertEquals(Optional.of(override), Decision.standing(store.decisions(id)));
            assertEquals(List.of(accept, undo, override), store.decisions(id), "the original row is never edited");
            List<ReviewedInspection> reviewed = new ReviewQueries(store).decidedBetween(Instant.EPOCH,
                    Instant.now().plusSeconds(60), 10);
            assertEquals(Optional.of(override), reviewed.get(0).standing().map(ReviewCase::decision));
            assertTrue(store.auditTrail().verify().ok());
        }
    }

    @Test
    void supervisorQueriesFindTheRangesInspectionsWithWholeHistoriesAndTheStandingDecision() throws Exception {
        try (Database db = Database.openFile(home.resolve("db")); InspectionStore store = open(db)) {
            Instant start = Instant.now().minusSeconds(5);
            InspectionId a = store.recordInspection(StoreFixtures.inspection(StoreFixtures.demoImage("good", 1), 1, start.plusSeconds(1)));
            InspectionId b = store.recordInspection(StoreFixtures.inspection(StoreFixtures.demoImage("good", 2), 2, start.plusSeconds(1)));
            Decision o1 = store.recordDecision(a, DecisionInput.override("normal", Severity.NORMAL, "", ALICE, Optional.empty()));
            Decision o2 = store.recordDecision(b, DecisionInput.override("contamination", Severity.DEFECT, "", BOB, Optional.empty()));
            Decision acc = store.recordDecision(b, DecisionInput.accept("broken_small", Severity.MINOR, ALICE, Optional.empty()));
            Decision o3 = store.recordDecision(a, DecisionInput.override("contamination", Severity.MINOR, "", ALICE, Optional.empty()));
            store.undo(o3.id(), ALICE);
            Instant end = Instant.now().plusSeconds(1);

            ReviewQueries queries = new ReviewQueries(store);
            List<ReviewedInspection> decided = queries.decidedBetween(start, end, 100);
            assertEquals(List.of(b, a), decided.stream().map(ReviewedInspection::id).toList(), "newest inspection first");
            Decision undoO3 = decided.get(1).history().get(2);
            assertEquals(List.of(o1, o3), decided.get(1).history().subList(0, 2), "undone decisions stay in the history");
            assertEquals(Optional.of(o3.id()), undoO3.undoes());
            assertEquals(List.of(o2, acc), decided.get(0).history());
            assertEquals(Optional.of(o1), decided.get(1).standing().map(ReviewCase::decision), "the undone override no longer stands");
            assertEquals(Optional.of(acc), decided.get(0).standing().map(ReviewCase::decision), "the newest decision stands");
            assertEquals(List.of(a), queries.decidedBetween(start, end, 1).stream().map(ReviewedInspection::id).toList(),
                    "a page holds the inspections decided most recently (o3 on a came last)");
            assertEquals(List.of(), queries.decidedBetween(end, end.plus(Duration.ofDays(1)), 100));
            assertEquals(List.of(o1, o3, undoO3), store.decisions(a));
            assertEquals(2, store.countInspections(start, end));
        }
    }

    @Test
    void recordsSurviveClosingAndReopening() throws Exception {
        Decision decided;
        InspectionId id;
        try (Database db = Database.openFile(home.resolve("db")); InspectionStore store = open(db)) {
            id = store.recordInspection(StoreFixtures.inspection(StoreFixtures.demoImage("good", 3), 1, Instant.now()));
            decided = store.recordDecision(id, DecisionInput.accept("normal", Severity.NORMAL, ALICE, Optional.empty()));
        }
        try (Database db = Database.openFile(home.resolve("db")); InspectionStore store = open(db)) {
            assertTrue(db.appliedOnOpen().isEmpty());
            assertEquals(List.of(decided), store.decisions(id));
            VerifyResult result = store.auditTrail().verify();
            assertTrue(result.ok(), result.reason());
            assertEquals(2, result.checkedCount());
        }
    }

    @Test
    void theSameImageIsStoredOnce() throws Exception {
        BufferedImage image = StoreFixtures.demoImage("good", 4);
        try (Database db = Database.openFile(home.resolve("db")); InspectionStore store = open(db)) {
            InspectionId a = store.recordInspection(StoreFixtures.inspection(image, 1, Instant.now()));
            InspectionId b = store.recordInspection(StoreFixtures.inspection(image, 2, Instant.now()));
            assertEquals(store.inspection(a).orElseThrow().imageSha256(), store.inspection(b).orElseThrow().imageSha256());
            try (var files = Files.walk(home.resolve("images"))) {
                assertEquals(1, files.filter(Files::isRegularFile).count());
            }
        }
    }

    @Test
    void mapCodecKeepsFlatAndNonFiniteMapsUsable() throws Exception {
        AnomalyMap flat = new AnomalyMap(2, 2, new float[] {3f, 3f, 3f, Float.NaN});
        MapCodec.Encoded e = MapCodec.encode(flat);
        assertArrayEquals(new float[] {3f, 3f, 3f, 3f}, MapCodec.decode(2, 2, e.low(), e.high(), e.data()).values());
    }
}
