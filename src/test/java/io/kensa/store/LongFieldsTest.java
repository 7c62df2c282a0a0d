package io.kensa.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.capture.Frame;
import io.kensa.detect.AnomalyMap;
import io.kensa.detect.Detection;
import io.kensa.detect.Region;
import io.kensa.llm.Explanation;
import io.kensa.model.Decision;
import io.kensa.model.DecisionInput;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.InspectionId;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever the detector, the LLM or the inspector produce, the inspection and its decision can be stored. */
class LongFieldsTest {
    @TempDir
    Path home;

    /** A noisy map: 1,849 small regions (the reviewer's case), sizes 1..1849 shuffled. */
    static InspectionInput noisy(BufferedImage image, long sequence) {
        AnomalyMap map = StoreFixtures.map(image.getWidth(), sequence);
        List<Region> regions = new ArrayList<>();
        for (int i = 0; i < 1849; i++) {
            int area = (i * 7919) % 1849 + 1;
            regions.add(new Region(i % 320, i / 320 * 50, 3, 3, area, 1.5 + i * 1e-3 + Math.PI * 1e-9));
        }
        Detection detection = new Detection(map.max(), 4.2, map, 1.0, 8.0, regions, image.getWidth(),
                image.getHeight(), new Detection.DetectTimings(11.5, 3.25, 0.75), "cuda:0 " + "x".repeat(300));
        Frame frame = new Frame(sequence, Instant.now(), "folder:/" + "d/".repeat(1500), "o".repeat(3000) + ".png", image);
        return new InspectionInput(frame, detection, "r".repeat(250), 7);
    }

    static List<DecisionInput> longest() {
        Operator op = new Operator("i".repeat(Operator.MAX_ID_LENGTH), "N".repeat(Operator.MAX_NAME_LENGTH), Role.SUPERVISOR);
        return List.of(DecisionInput.override("c".repeat(DecisionInput.MAX_CLASS_LENGTH), Severity.MINOR,
                "a long note with\nlines ".repeat(100).substring(0, DecisionInput.MAX_COMMENT_LENGTH), op, Optional.empty()));
    }

    @Test
    void noisyMapIsStoredWithItsLargestRegionsAndTheCount() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), "station-A")) {
            InspectionId id = store.recordInspection(noisy(StoreFixtures.demoImage("good", 0), 1));
            StoredInspection stored = store.inspection(id).orElseThrow();
            assertEquals(200, stored.regions().size());
            assertEquals(1849, stored.regionCount());
            assertEquals(1849, stored.regions().get(0).area(), "largest first");
            assertEquals(1650, stored.regions().get(199).area(), "the 200 largest");
            assertEquals(200, stored.recipeName().length(), "cut to its column");
            assertTrue(stored.recipeName().endsWith("\u2026"), stored.recipeName());
            assertEquals(2000, stored.origin().length());
            assertEquals(100, stored.device().length());

            Explanation e = StoreFixtures.explanation(Instant.now());
            Explanation wordy = new Explanation(ExplanationStatus.ANSWERED, e.explainer(), "m".repeat(500),
                    e.endpoint() + "&x=" + "y".repeat(3000), e.profileName(), e.profileVersion(),
                    Optional.of("k".repeat(900)), e.severity(), e.confidence(), e.rationale(), e.evidence(),
                    e.requestSummary(), e.rawResponse(), e.latencyMs(), e.promptTokens(), e.completionTokens(),
                    e.fromCache(), e.createdAt());
            store.recordExplanation(id, wordy);
            for (DecisionInput d : longest()) {
                Decision stored2 = store.recordDecision(id, d);
                assertEquals(d.comment(), stored2.comment());
            }
            VerifyResult r = store.auditTrail().verify();
            assertTrue(r.ok(), r.reason());
            assertEquals(3, r.checkedCount());
        }
    }

    @Test
    void regionTextWithoutACountReadsAsBefore() {
        List<Region> two = List.of(new Region(1, 2, 3, 4, 5, 6.5), new Region(7, 8, 9, 10, 11, 12.25));
        assertEquals("1,2,3,4,5,6.5;7,8,9,10,11,12.25", Rows.regions(two, 2));
        assertEquals(new Rows.StoredRegions(two, 2), Rows.regions("1,2,3,4,5,6.5;7,8,9,10,11,12.25"));
        assertEquals(new Rows.StoredRegions(two, 9), Rows.regions(Rows.regions(two, 9)));
        assertEquals(new Rows.StoredRegions(List.of(), 0), Rows.regions(""));
    }
}
