package io.kensa.cli;

import io.kensa.capture.Frame;
import io.kensa.detect.AnomalyMap;
import io.kensa.detect.Detection;
import io.kensa.detect.Region;
import io.kensa.llm.Explanation;
import io.kensa.model.DecisionInput;
import io.kensa.model.ExplanationId;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.InspectionId;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.store.Database;
import io.kensa.store.InspectionInput;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import io.kensa.util.Clocks;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * A decision log with the shape of a real line, written through the store (so the chain, the indexes and the
 * queries are the real ones): flagged frames over several days and three shifts, five inspectors, four classes, a
 * recipe and a prompt version change part-way, explanations whose wording leans on a known cue (contamination is
 * explained by "lighting" in most cases), and inspectors who override the machine when it named the wrong class.
 * Deterministic for a seed. The clock it advances is the store's.
 */
final class DecisionLogGenerator {
    static final String RECIPE = "bottle";
    static final String PROFILE = "bottle-default";
    static final List<String> CLASSES = List.of("broken_large", "broken_small", "contamination", "normal");
    static final List<Operator> OPERATORS = List.of(new Operator("a.sato", "Aiko Sato", Role.INSPECTOR),
            new Operator("b.kim", "Bo Kim", Role.INSPECTOR), new Operator("c.ito", "Chika Ito", Role.INSPECTOR),
            new Operator("d.lee", "Dan Lee", Role.INSPECTOR), new Operator("e.mori", "Emi Mori", Role.INSPECTOR));
    private static final double THRESHOLD = 4.2;
    private static final List<String> CLASS_WORDS = List.of("large piece missing from the rim crack",
            "small chip at the edge", "dark foreign particle on the surface", "faint reflection only");
    private static final List<String> FILLER = List.of("visible", "area", "region", "image", "bottle", "mouth", "view",
            "centre", "outline", "marked");

    private final Random random;
    private final Instant start;
    private final Duration spacing;
    private final BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
    private Instant now;

    /**
     * @param start    when the first inspection is captured
     * @param spacing  time from one inspection to the next (a day of 500 flagged frames: ~173 s)
     */
    DecisionLogGenerator(long seed, Instant start, Duration spacing) {
        this.random = new Random(seed);
        this.start = start;
        this.spacing = spacing;
        this.now = start;
    }

    /** The store's clock: the generated moment. */
    Instant now() {
        return now;
    }

    /**
     * Writes {@code count} decided inspections into a database through a store on this generator's clock, as
     * station {@code station}; {@code progress} gets how many are written.
     */
    void write(Database db, Path images, String station, int count, LongConsumer progress, BooleanSupplier cancelled)
            throws StoreException {
        try (InspectionStore store = InspectionStore.open(db, images, Optional.empty(), station,
                InspectionStore.Durability.PROCESS_CRASH, Clocks.following(this::now))) {
            write(store, count, progress, cancelled);
        }
    }

    private void write(InspectionStore store, int count, LongConsumer progress, BooleanSupplier cancelled)
            throws StoreException {
        for (int i = 0; i < count; i++) {
            if (cancelled.getAsBoolean()) {
                throw new java.util.concurrent.CancellationException("generation cancelled after " + i + " inspections");
            }
            double progressShare = (double) i / count;
            now = start.plus(spacing.multipliedBy(i));
            int recipeVersion = progressShare < 0.4 ? 1 : progressShare < 0.75 ? 2 : 3;
            int profileVersion = progressShare < 0.6 ? 1 : 2;
            int truth = random.nextInt(100) < 15 ? 3 : random.nextInt(3);
            double score = THRESHOLD * (truth == 3 ? 1.0 + random.nextDouble() * 0.25 : 1.1 + random.nextDouble() * 1.6);
            InspectionId id = store.recordInspection(inspection(i, score, recipeVersion));
            now = now.plusMillis(1500);
            Operator operator = OPERATORS.get(random.nextInt(OPERATORS.size()));
            if (random.nextInt(100) < 3) { // the explainer timed out: the inspector decides from the image
                store.recordExplanation(id, explanation(ExplanationStatus.TIMEOUT, Optional.empty(), profileVersion, ""));
                now = now.plusMillis(4000);
                store.recordDecision(id, DecisionInput.override(CLASSES.get(truth), severity(truth), "no explanation",
                        operator, Optional.empty()));
            } else {
                double correct = profileVersion == 1 ? 0.84 : 0.91;
                int answered = random.nextDouble() < correct ? truth : (truth + 1 + random.nextInt(3)) % 4;
                ExplanationId shown = store.recordExplanation(id, explanation(ExplanationStatus.ANSWERED,
                        Optional.of(CLASSES.get(answered)), profileVersion, rationale(answered)));
                now = now.plusMillis(4000);
                store.recordDecision(id, answered == truth
                        ? DecisionInput.accept(CLASSES.get(answered), severity(answered), operator, Optional.of(shown))
                        : DecisionInput.override(CLASSES.get(truth), severity(truth), "it is " + CLASSES.get(truth),
                                operator, Optional.of(shown)));
            }
            progress.accept(i + 1);
        }
    }

    private InspectionInput inspection(int i, double score, int recipeVersion) {
        AnomalyMap map = new AnomalyMap(8, 8, new float[64]);
        Detection detection = new Detection(score, THRESHOLD, map, 1.0, 8.0,
                List.of(new Region(20, 20, 10, 10, 100, score)), 64, 64, new Detection.DetectTimings(20, 3, 1), "cpu()");
        return new InspectionInput(new Frame(i, now, "folder:/data/bottle", i + ".png", image), detection, RECIPE,
                recipeVersion);
    }

    private Explanation explanation(ExplanationStatus status, Optional<String> anomalyClass, int profileVersion,
                                    String rationale) {
        return new Explanation(status, "llm", "gpt-4o-mini", "http://llm.local/v1", PROFILE, profileVersion,
                anomalyClass, anomalyClass.map(c -> severity(CLASSES.indexOf(c))), 0.8, rationale, "", "generated", "{}",
                900, 800, 60, false, now);
    }

    private String rationale(int answered) {
        StringBuilder text = new StringBuilder(CLASS_WORDS.get(answered));
        if (answered == 2 && random.nextInt(100) < 80) {
            text.append(" under strong lighting");
        }
        for (int k = 0; k < 3; k++) {
            text.append(' ').append(FILLER.get(random.nextInt(FILLER.size())));
        }
        return text.append('.').toString();
    }

    private static Severity severity(int classIndex) {
        return classIndex == 3 ? Severity.NORMAL : classIndex == 1 ? Severity.MINOR : Severity.DEFECT;
    }
}
