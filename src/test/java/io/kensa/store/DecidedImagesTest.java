package io.kensa.store;

import static io.kensa.store.StoreFixtures.ALICE;
import static io.kensa.store.StoreFixtures.BOB;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.model.Action;
import io.kensa.model.ClassPrediction;
import io.kensa.model.Decision;
import io.kensa.model.DecisionInput;
import io.kensa.model.InspectionId;
import io.kensa.model.Severity;
import io.kensa.util.Clocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision log as labelled images for retraining, on a real H2 file database. */
class DecidedImagesTest {
    private static final Instant DAY = Instant.parse("2026-12-01T00:00:00Z");

    @TempDir
    Path home;

    @Test
    void listsEachInspectionsStandingDecisionWithItsFinalClassMachineClassAndImage() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(DAY.plusSeconds(60));
        Clock clock = Clocks.following(() -> now.get());
        try (Database db = Database.openFile(home.resolve("db"));
             InspectionStore store = InspectionStore.open(db, home.resolve("images"), "station-A",
                     InspectionStore.Durability.PROCESS_CRASH, clock)) {
            InspectionId accepted = record(store, "broken_large", 0, 1, "broken_large");
            store.recordDecision(accepted, DecisionInput.accept("broken_large", Severity.DEFECT, ALICE, Optional.empty()));
            InspectionId normal = record(store, "good", 0, 2, "contamination");
            store.recordDecision(normal, DecisionInput.override("normal", Severity.NORMAL, "", ALICE, Optional.empty()));
            InspectionId undone = record(store, "contamination", 0, 3, "good");
            Decision wrong = store.recordDecision(undone, DecisionInput.accept("good", Severity.NORMAL, ALICE, Optional.empty()));
            store.undo(wrong.id(), ALICE);
            InspectionId allUndone = record(store, "broken_small", 0, 4, "good");
            store.undo(store.recordDecision(allUndone, DecisionInput.accept("good", Severity.NORMAL, ALICE,
                    Optional.empty())).id(), ALICE);
            now.set(DAY.plusSeconds(3600));
            store.recordDecision(undone, DecisionInput.override("contamination", Severity.DEFECT, "", BOB, Optional.empty()));
            InspectionId undecided = record(store, "good", 1, 5, "good");
            InspectionId otherRecipe = store.recordInspection(new InspectionInput(
                    StoreFixtures.inspection(StoreFixtures.demoImage("good", 2), 6, DAY).frame(),
                    StoreFixtures.inspection(StoreFixtures.demoImage("good", 2), 6, DAY).detection(), "other", 1));
            store.recordDecision(otherRecipe, DecisionInput.accept("normal", Severity.NORMAL, ALICE, Optional.empty()));

            List<DecidedImage> all = store.decidedImages("bottle-line-3", Instant.EPOCH, DAY.plusSeconds(86400), 0, 100);
            assertEquals(List.of(accepted, normal, undone), all.stream().map(DecidedImage::inspection).toList(),
                    "undone and undecided inspections and other recipes are not labelled");
            assertEquals(List.of("broken_large", "good", "contamination"), all.stream().map(DecidedImage::finalClass).toList());
            assertEquals(List.of(Action.ACCEPT, Action.OVERRIDE, Action.OVERRIDE), all.stream().map(DecidedImage::action).toList());
            assertEquals(List.of(Optional.of("broken_large"), Optional.of("contamination"), Optional.of("good")),
                    all.stream().map(DecidedImage::machineClass).toList());
            assertEquals(ClassPrediction.GOOD, all.get(1).finalClass());
            for (DecidedImage d : all) {
                assertTrue(Files.isRegularFile(d.image()), d.image().toString());
                assertEquals(store.imageFile(store.inspection(d.inspection()).orElseThrow()), d.image());
                assertEquals(7, d.recipeVersion());
            }
            assertTrue(undecided.value() > 0);

            List<DecidedImage> since = store.decidedImages("bottle-line-3", DAY.plusSeconds(600), DAY.plusSeconds(86400), 0, 100);
            assertEquals(List.of(undone), since.stream().map(DecidedImage::inspection).toList(),
                    "only standing decisions made in the range");
            assertEquals(DAY.plusSeconds(3600), since.get(0).decidedAt());

            List<DecidedImage> first = store.decidedImages("bottle-line-3", Instant.EPOCH, DAY.plusSeconds(86400), 0, 2);
            List<DecidedImage> rest = store.decidedImages("bottle-line-3", Instant.EPOCH, DAY.plusSeconds(86400),
                    first.get(1).inspection().value(), 2);
            assertEquals(List.of(accepted, normal), first.stream().map(DecidedImage::inspection).toList());
            assertEquals(List.of(undone), rest.stream().map(DecidedImage::inspection).toList());
        }
    }

    private static InspectionId record(InspectionStore store, String cls, int index, long sequence, String machine)
            throws StoreException {
        InspectionInput plain = StoreFixtures.inspection(StoreFixtures.demoImage(cls, index), sequence, DAY);
        return store.recordInspection(new InspectionInput(plain.frame(), plain.detection(), plain.recipeName(),
                plain.recipeVersion(), Optional.of(new ClassPrediction(machine, 0.8, "test head"))));
    }
}
