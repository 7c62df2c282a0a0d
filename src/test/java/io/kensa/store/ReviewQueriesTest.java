package io.kensa.store;

import static io.kensa.store.StoreFixtures.ALICE;
import static io.kensa.store.StoreFixtures.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.model.Action;
import io.kensa.model.Decision;
import io.kensa.model.DecisionInput;
import io.kensa.model.ExplanationId;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.InspectionId;
import io.kensa.model.MachineAnswer;
import io.kensa.model.ReviewCase;
import io.kensa.model.ReviewedInspection;
import io.kensa.model.Severity;
import io.kensa.util.Clocks;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewQueriesTest {
    private static final Instant DAY = Instant.parse("2025-05-06T00:00:00Z");

    @TempDir
    Path home;

    @Test
    void loadsDecidedInspectionsWithTheirWholeHistoryAndShownExplanations() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(DAY.plusSeconds(3600));
        Clock clock = Clocks.following(() -> now.get());
        try (Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), "station-A",
                     InspectionStore.Durability.PROCESS_CRASH, clock)) {
            InspectionId undoneThenOverridden = store.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("broken_large", 0), 1, DAY));
            ExplanationId shown = store.recordExplanation(undoneThenOverridden, StoreFixtures.explanation(DAY));
            Decision accept = store.recordDecision(undoneThenOverridden,
                    DecisionInput.accept("broken_large", Severity.DEFECT, ALICE, Optional.of(shown)));
            store.undo(accept.id(), ALICE);
            Decision override = store.recordDecision(undoneThenOverridden,
                    DecisionInput.override("normal", Severity.NORMAL, "glare", BOB, Optional.of(shown)));
            InspectionId undecided = store.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("broken_large", 1), 2, DAY));
            InspectionId nextDay = store.recordInspection(
                    StoreFixtures.inspection(StoreFixtures.demoImage("broken_large", 2), 3, DAY));
            now.set(DAY.plusSeconds(86_400 + 60));
            store.recordDecision(nextDay, DecisionInput.override("contamination", Severity.DEFECT, "", BOB,
                    Optional.empty()));

            ReviewQueries queries = new ReviewQueries(store);
            List<ReviewedInspection> day = queries.decidedBetween(DAY, DAY.plusSeconds(86_400), 100);
            assertEquals(1, day.size(), "undecided inspections and decisions on other days are left out");
            ReviewedInspection r = day.get(0);
            assertEquals(undoneThenOverridden, r.id());
            assertEquals("station-A", r.station());
            assertEquals("bottle-line-3", r.recipeName());
            assertEquals(7, r.recipeVersion());
            assertEquals(List.of(Action.ACCEPT, Action.UNDO, Action.OVERRIDE),
                    r.history().stream().map(Decision::action).toList());
            MachineAnswer answer = r.answers().get(shown);
            assertEquals(ExplanationStatus.ANSWERED, answer.status());
            assertEquals(Optional.of("broken_large"), answer.anomalyClass());
            assertEquals(Optional.of(Severity.DEFECT), answer.severity());
            assertEquals("gpt-4o-mini", answer.model());
            assertEquals(3, answer.profileVersion());
            ReviewCase standing = r.standing().orElseThrow();
            assertEquals(override.id(), standing.decision().id());
            assertEquals("broken_large", standing.machineClass());
            assertEquals("glare", standing.decision().comment());

            List<ReviewedInspection> both = queries.decidedBetween(DAY, DAY.plusSeconds(2 * 86_400), 100);
            assertEquals(List.of(nextDay, undoneThenOverridden), both.stream().map(ReviewedInspection::id).toList(),
                    "newest first");
            assertTrue(both.get(0).answers().isEmpty());
            assertEquals(ReviewCase.ANOMALOUS, both.get(0).standing().orElseThrow().machineClass(),
                    "no explanation, score above threshold");
            assertEquals(1, queries.decidedBetween(DAY, DAY.plusSeconds(2 * 86_400), 1).size());
            assertTrue(both.stream().noneMatch(i -> i.id().equals(undecided)));
            assertThrows(IllegalArgumentException.class, () -> queries.decidedBetween(DAY, DAY, 10));
        }
    }
}
