package io.kensa.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.capture.Frame;
import io.kensa.detect.AnomalyMap;
import io.kensa.detect.Detection;
import io.kensa.detect.Region;
import io.kensa.llm.Explanation;
import io.kensa.model.Decision;
import io.kensa.model.DecisionInput;
import io.kensa.model.ExplanationId;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.InspectionId;
import io.kensa.model.Operator;
import io.kensa.model.ReviewCase;
import io.kensa.model.ReviewedInspection;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.review.ExplanationWords;
import io.kensa.review.ReviewReport;
import io.kensa.review.ReviewSummary;
import io.kensa.review.Shifts;
import io.kensa.store.Database;
import io.kensa.store.InspectionInput;
import io.kensa.store.InspectionStore;
import io.kensa.store.ReviewQueries;
import io.kensa.util.Clocks;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Review figures read from {@code standing_decisions} (one narrow row per decided inspection) are the figures
 * computed from the whole decision log (every decision row of each inspection, the standing one picked by
 * {@link Decision#standing}): on a real H2 file log with undos, redecisions, overrides, two recipes and several
 * versions, operators and prompt versions, and decisions made without an explanation; kept by the store as decisions
 * are made, and backfilled by migration V009 on a log written before it.
 */
class StandingDecisionFiguresTest {
    private static final Instant START = Instant.parse("2026-02-02T05:00:00Z");
    private static final Instant END = START.plus(Duration.ofDays(10));
    private static final ZoneId ZONE = ZoneOffset.ofHours(9);
    private static final Operator SUE = new Operator("s.ueda", "Sue Ueda", Role.SUPERVISOR);
    private static final Operator ANN = new Operator("a.ono", "Ann Ono", Role.INSPECTOR);

    @TempDir
    static Path home;

    @BeforeAll
    static void writeLog() throws Exception {
        // 700 decisions at 200 a day: three and a half days of one recipe in three versions, two prompt versions
        DecisionLogGenerator generator = new DecisionLogGenerator(11, START, Duration.ofSeconds(432));
        try (Database db = Database.openFile(home.resolve("db"))) {
            generator.write(db, home.resolve("images"), "station-7", 700, n -> { }, () -> false);
            AtomicReference<Instant> now = new AtomicReference<>(START.plus(Duration.ofDays(5)));
            try (InspectionStore store = InspectionStore.open(db, home.resolve("images"), Optional.empty(), "station-9",
                    InspectionStore.Durability.PROCESS_CRASH, Clocks.following(now::get))) {
                withdrawSome(store, now);
                decideAnotherRecipe(store, now);
            }
        }
    }

    /** Undoes every 7th standing decision of the generated log, and redecides every other of those. */
    private static void withdrawSome(InspectionStore store, AtomicReference<Instant> now) throws Exception {
        List<ReviewedInspection> generated = new ReviewQueries(store).decidedBetween(START, END, Integer.MAX_VALUE);
        for (int i = 0; i < generated.size(); i += 7) {
            Decision standing = generated.get(i).standing().orElseThrow().decision();
            now.set(now.get().plusSeconds(30));
            store.undo(standing.id(), SUE);
            if (i % 14 == 0) {
                now.set(now.get().plusSeconds(30));
                store.recordDecision(standing.inspectionId(), DecisionInput.override("broken_small", Severity.MINOR,
                        "redecided after review", ANN, standing.shownExplanation()));
            }
        }
    }

    /** Recipe "cap": an override later undone (nothing stands), an accept whose later override is undone, an override
     * made before any explanation arrived on a frame below the threshold, and an undone accept redecided. */
    private static void decideAnotherRecipe(InspectionStore store, AtomicReference<Instant> now) throws Exception {
        InspectionId withdrawn = capInspection(store, now, 5.0);
        ExplanationId shown = explain(store, withdrawn, now, "broken_large");
        store.undo(decide(store, withdrawn, now, DecisionInput.override("normal", Severity.NORMAL, "glare", ANN,
                Optional.of(shown))).id(), ANN);

        InspectionId accepted = capInspection(store, now, 6.0);
        ExplanationId contamination = explain(store, accepted, now, "contamination");
        decide(store, accepted, now, DecisionInput.accept("contamination", Severity.DEFECT, ANN, Optional.of(contamination)));
        store.undo(decide(store, accepted, now, DecisionInput.override("normal", Severity.NORMAL, "dust", SUE,
                Optional.of(contamination))).id(), SUE);

        InspectionId unexplained = capInspection(store, now, 3.0);
        decide(store, unexplained, now, DecisionInput.override("broken_small", Severity.MINOR, "seen by eye", ANN,
                Optional.empty()));

        InspectionId redecided = capInspection(store, now, 7.0);
        ExplanationId large = explain(store, redecided, now, "broken_large");
        store.undo(decide(store, redecided, now, DecisionInput.accept("broken_large", Severity.DEFECT, ANN,
                Optional.of(large))).id(), ANN);
        decide(store, redecided, now, DecisionInput.override("broken_small", Severity.MINOR, "chip only", ANN,
                Optional.of(large)));
    }

    private static InspectionId capInspection(InspectionStore store, AtomicReference<Instant> now, double score)
            throws Exception {
        now.set(now.get().plusSeconds(60));
        AnomalyMap map = new AnomalyMap(8, 8, new float[64]);
        Detection detection = new Detection(score, 4.2, map, 1.0, 8.0, List.of(new Region(2, 2, 3, 3, 9, score)), 64, 64,
                new Detection.DetectTimings(20, 3, 1), "cpu()");
        Frame frame = new Frame(1, now.get(), "folder:/data/cap", "cap.png", new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR));
        return store.recordInspection(new InspectionInput(frame, detection, "cap", 4, Optional.empty()));
    }

    private static ExplanationId explain(InspectionStore store, InspectionId id, AtomicReference<Instant> now,
                                         String anomalyClass) throws Exception {
        now.set(now.get().plusSeconds(2));
        return store.recordExplanation(id, new Explanation(ExplanationStatus.ANSWERED, "llm", "gpt-4o-mini",
                "http://llm.local/v1", "cap-default", 1, Optional.of(anomalyClass), Optional.of(Severity.DEFECT), 0.7,
                "a " + anomalyClass + " under strong lighting", "", "generated", "{}", 900, 800, 60, false, now.get()));
    }

    private static Decision decide(InspectionStore store, InspectionId id, AtomicReference<Instant> now,
                                   DecisionInput input) throws Exception {
        now.set(now.get().plusSeconds(5));
        return store.recordDecision(id, input);
    }

    @Test
    void figuresFromTheStandingTableEqualThoseFromTheWholeLog() throws Exception {
        assertSameFiguresOverRanges();
    }

    @Test
    void aLogWrittenBeforeTheTableIsBackfilledByTheMigration() throws Exception {
        // back to the V008 schema: the database as the build before V009 wrote it
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + home.resolve("db").resolve("kensa").toAbsolutePath());
             Statement st = c.createStatement()) {
            st.execute("DROP TABLE standing_decisions");
            assertEquals(1, st.executeUpdate("DELETE FROM schema_migrations WHERE version = 9"));
        }
        try (Database db = Database.openFile(home.resolve("db"))) {
            assertEquals(List.of(9), db.appliedOnOpen());
        }
        assertSameFiguresOverRanges();
    }

    private static void assertSameFiguresOverRanges() throws Exception {
        try (Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.openForReading(db, home.resolve("images"))) {
            ReviewQueries queries = new ReviewQueries(store);
            Instant middle = START.plus(Duration.ofHours(40)).plusSeconds(17);
            int compared = 0;
            for (Instant[] range : List.of(new Instant[] {START, END}, new Instant[] {START, middle},
                    new Instant[] {middle, END}, new Instant[] {Instant.EPOCH, START})) {
                for (Optional<String> recipe : List.of(Optional.<String>empty(), Optional.of("bottle"), Optional.of("cap"))) {
                    List<ReviewCase> whole = fromWholeLog(queries, range[0], range[1], recipe);
                    List<ReviewCase> standing = queries.standingDecidedBetween(range[0], range[1], recipe);
                    String what = recipe.orElse("every recipe") + " " + range[0] + " .. " + range[1];
                    assertSameCases(whole, standing, what);
                    // the first page is the whole range's newest rows, ties in the same order
                    assertSameCases(whole.subList(0, Math.min(7, whole.size())),
                            queries.standingDecidedBetween(range[0], range[1], recipe, 7), "first page of " + what);
                    assertSameReport(ReviewReport.of(whole, ZONE, Shifts.THREE_EIGHT_HOUR),
                            ReviewReport.of(standing, ZONE, Shifts.THREE_EIGHT_HOUR), what);
                    assertEquals(ExplanationWords.ofDecisions(whole, queries::explanationTexts, 8),
                            ExplanationWords.ofDecisions(standing, queries::explanationTexts, 8), what);
                    compared += whole.size();
                }
            }
            List<ReviewCase> cap = queries.standingDecidedBetween(START, END, Optional.of("cap"));
            assertEquals(List.of("chip only", "seen by eye", ""), cap.stream().map(c -> c.decision().comment()).toList(),
                    "of cap, the redecided override, the unexplained override and the accept whose override was undone");
            assertEquals("normal", cap.get(1).machineClass(), "no explanation, score below the threshold");
            assertTrue(compared > 1400, "every range and recipe compared: " + compared);
        }
    }

    /** The figures' input as computed before V009: every decision row of each decided inspection, then the standing one. */
    private static List<ReviewCase> fromWholeLog(ReviewQueries queries, Instant from, Instant to, Optional<String> recipe)
            throws Exception {
        return queries.decidedBetween(from, to, recipe, Integer.MAX_VALUE).stream()
                .flatMap(i -> i.standing().stream())
                .filter(c -> !c.decision().decidedAt().isBefore(from) && c.decision().decidedAt().isBefore(to))
                .sorted(Comparator.comparing((ReviewCase c) -> c.decision().decidedAt())
                        .thenComparing(c -> c.decision().id().value()).reversed())
                .toList();
    }

    private static void assertSameCases(List<ReviewCase> expected, List<ReviewCase> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            ReviewCase e = expected.get(i);
            ReviewCase a = actual.get(i);
            assertEquals(e.decision(), a.decision(), what);
            assertEquals(e.shown(), a.shown(), what);
            assertEquals(List.of(e.inspection().id(), e.inspection().capturedAt(), e.inspection().station(),
                    e.inspection().recipeName(), e.inspection().recipeVersion(), e.inspection().score(),
                    e.inspection().threshold()), List.of(a.inspection().id(), a.inspection().capturedAt(),
                    a.inspection().station(), a.inspection().recipeName(), a.inspection().recipeVersion(),
                    a.inspection().score(), a.inspection().threshold()), what);
            assertEquals(e.machineClass(), a.machineClass(), what);
            assertEquals(e.machineSeverity(), a.machineSeverity(), what);
        }
    }

    private static void assertSameReport(ReviewReport expected, ReviewReport actual, String what) {
        ReviewSummary e = expected.summary();
        ReviewSummary a = actual.summary();
        assertEquals(List.of(e.decided(), e.accepts(), e.overrides()), List.of(a.decided(), a.accepts(), a.overrides()), what);
        assertEquals(e.perMachineClass(), a.perMachineClass(), what);
        assertEquals(e.perOperator(), a.perOperator(), what);
        assertEquals(e.perDay(), a.perDay(), what);
        assertEquals(e.topComments(), a.topComments(), what);
        assertEquals(e.confusion().labels(), a.confusion().labels(), what);
        assertArrayEquals(e.confusion().counts(), a.confusion().counts(), what);
        assertEquals(expected.trends(), actual.trends(), what);
        assertEquals(expected.overall(), actual.overall(), what);
        assertEquals(expected.byRecipeVersion(), actual.byRecipeVersion(), what);
        assertEquals(expected.byPromptVersion(), actual.byPromptVersion(), what);
    }
}
