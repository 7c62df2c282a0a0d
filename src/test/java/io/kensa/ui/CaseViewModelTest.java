package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.capture.Frame;
import io.kensa.config.ShippedResources;
import io.kensa.inspect.Case;
import io.kensa.inspect.DeskSnapshot;
import io.kensa.inspect.Inspected;
import io.kensa.llm.MaskDetections;
import io.kensa.model.ClassPrediction;
import io.kensa.store.FrameCounts;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class CaseViewModelTest {
    @Test
    void theQueueLineShowsTheStationsFlaggedRecordedAndNotRecordedFrames() {
        DeskSnapshot snapshot = new DeskSnapshot(Optional.empty(), 2, 1, 40, new FrameCounts(119, 1), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertEquals("2 waiting · 1 not queued (queue full) · 120 flagged: 119 recorded, 1 not recorded",
                CaseViewModel.queueText(snapshot));
        assertEquals("", CaseViewModel.queueText(new DeskSnapshot(Optional.empty(), 0, 0, 0, FrameCounts.NONE,
                Optional.empty(), Optional.empty(), Optional.empty())), "a new station shows nothing");
    }

    @Test
    void theUnattendedLineSaysTheLineGoesOnAndHowManyCasesWait() {
        DeskSnapshot none = new DeskSnapshot(Optional.empty(), 0, 0, 0, FrameCounts.NONE, Optional.empty(),
                Optional.empty(), Optional.empty());
        assertEquals("Station unattended: capture and detection keep running, every flagged frame is recorded and waits"
                + " for a decision (none is explained until someone signs in). Waiting now: 0 cases.",
                CaseViewModel.unattendedText(none));
        DeskSnapshot full = new DeskSnapshot(Optional.empty(), 1, 3, 0, new FrameCounts(4, 0), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertTrue(CaseViewModel.unattendedText(full).endsWith("Waiting now: 1 case, and 3 recorded past the full queue"
                + " (in the Review tab)."), CaseViewModel.unattendedText(full));
    }

    /** The classifier's class and probability stand under the detector's facts, as a hint, and only when there is one. */
    @Test
    void theFactsGiveTheClassifiersClassAndProbabilityAsAHint() throws Exception {
        String facts = CaseViewModel.facts(contamination(Optional.of(new ClassPrediction("contamination", 0.87, "bottle v1"))));
        assertTrue(facts.startsWith("Detector: score "), facts);
        assertTrue(facts.endsWith("\nClassifier: contamination (87%) (a hint; you decide)"), facts);
        String good = CaseViewModel.facts(contamination(Optional.of(new ClassPrediction(ClassPrediction.GOOD, 0.6, ""))));
        assertTrue(good.endsWith("\nClassifier: good (60%) — it sees a normal part (a hint; you decide)"), good);
        assertFalse(CaseViewModel.facts(contamination(Optional.empty())).contains("Classifier"), "no classifier, no line");
    }

    private static Case contamination(Optional<ClassPrediction> classification) throws Exception {
        BufferedImage image = ImageIO.read(ShippedResources.demoBottle().resolve("test/contamination/000.png").toFile());
        BufferedImage mask = ImageIO.read(ShippedResources.demoBottle()
                .resolve("ground_truth/contamination/000_mask.png").toFile());
        Frame frame = new Frame(1, Instant.now(), "test", "contamination/000.png", image);
        Inspected inspected = new Inspected(frame, MaskDetections.fromMask(mask, image.getWidth(), image.getHeight()),
                classification);
        return new Case(1, inspected, Optional.empty(), false, "", Optional.empty(), Optional.empty(), Optional.empty(),
                false);
    }
}
