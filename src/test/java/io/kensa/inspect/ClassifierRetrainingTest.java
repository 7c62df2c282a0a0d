package io.kensa.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.cam.ClassifierHead;
import io.kensa.cam.ClassifierTraining;
import io.kensa.config.KensaHome;
import io.kensa.detect.Backbone;
import io.kensa.detect.DeviceSetting;
import io.kensa.detect.Progress;
import io.kensa.model.PermissionDeniedException;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.Recipes;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retraining the demo recipe's classifier from a real H2 decision log of the demo images, on the real backbone. */
class ClassifierRetrainingTest {
    private static Backbone backbone;

    @BeforeAll
    static void loadBackbone() throws Exception {
        backbone = Backbone.shipped(DeviceSetting.CPU);
    }

    @AfterAll
    static void closeBackbone() {
        backbone.close();
    }


    private static ClassifierRetraining.Request request(Path candidate) {
        return new ClassifierRetraining.Request(Optional.empty(), Optional.empty(),
                new ClassifierTraining.Settings(256, false, false, 100, 0.01, 0.1, 0.3, 42), candidate);
    }

    @Test
    void retrainsMeasuresBeforeAndAfterOnADisjointHeldOutPartAndPublishesOnlyWhenAsked(@TempDir Path dir)
            throws Exception {
        KensaHome home = new KensaHome(dir.resolve("home"));
        DecisionLogs.fill(home, DecisionLogs.CLASSES, 6, 5);
        Recipes recipes = new Recipes(home);
        Recipe recipe = recipes.load(Recipes.DEMO);
        Path candidate = dir.resolve("candidate.json");
        try (Database db = Database.openExistingFile(home.database());
             InspectionStore store = InspectionStore.openForReading(db, home.images())) {
            Path missing;
            try (Stream<Path> files = Files.walk(home.images())) {
                missing = files.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
            }
            Files.delete(missing);
            ClassifierRetraining retraining = new ClassifierRetraining(store, backbone);
            ClassifierRetraining.Result r = retraining.retrain(recipe, request(candidate), Progress.NONE, () -> false);

            assertEquals(24, r.decisions());
            assertEquals(1, r.skippedImages());
            assertEquals(23, r.images());
            assertEquals(r.images(), r.train() + r.heldOut());
            assertTrue(r.heldOut() >= 4 && r.heldOut() <= 10, "held out " + r.heldOut());
            Set<Path> trained = new HashSet<>(r.trainedOn());
            assertEquals(r.train(), trained.size());
            assertTrue(r.heldOutImages().stream().noneMatch(trained::contains), "held-out images were trained on");
            for (double v : List.of(r.before().accuracy(), r.after().accuracy(), r.before().macroF1(), r.after().macroF1())) {
                assertTrue(v >= 0 && v <= 1, "figure out of range: " + v);
            }
            assertEquals(r.heldOut(), r.before().images());
            assertEquals(r.heldOut(), r.after().images());

            ClassifierHead head = ClassifierHead.load(candidate, backbone);
            assertEquals(DecisionLogs.CLASSES, head.classes());
            assertEquals(r.until(), head.training().orElseThrow().until());
            assertEquals(r.train(), head.training().orElseThrow().logImages());
            Recipe unchanged = recipes.load(Recipes.DEMO);
            assertEquals(1, unchanged.version(), "retraining alone must not change the recipe");
            assertEquals(recipe.classifier(), unchanged.classifier());

            // publishing is QA's: an inspector (or a supervisor) is refused by the service and nothing is saved
            PermissionDeniedException refused = assertThrows(PermissionDeniedException.class,
                    () -> retraining.publish(recipe, candidate, recipes, DecisionLogs.INSPECTOR));
            assertEquals("Aiko Sato (a.sato, inspector) may not publish versions to the line: only qa_engineer may."
                    + " Ask one to sign in.", refused.getMessage());
            assertEquals(1, recipes.load(Recipes.DEMO).version());
            Recipe published = retraining.publish(recipe, candidate, recipes, DecisionLogs.QA);
            assertEquals(2, published.version());
            assertEquals(2, recipes.load(Recipes.DEMO).version());
            Path file = published.classifier().orElseThrow().file();
            assertTrue(file.startsWith(home.recipes()), file.toString());
            ClassifierHead loaded = ClassifierHead.load(file, backbone);
            assertEquals(head.training(), loaded.training());
            assertEquals(1, Recipes.read(recipe.folder().resolve("recipe.json")).version(), "the shipped recipe stays");

            // "since the last training": the published head saw every decision so far, so none is new
            ClassifierRetrainingException none = assertThrows(ClassifierRetrainingException.class,
                    () -> retraining.retrain(published, request(dir.resolve("again.json")), Progress.NONE, () -> false));
            assertTrue(none.getMessage().contains("has 0 decided images since " + r.until()), none.getMessage());
        }
    }

    @Test
    void tooFewDecisionsAreRefusedWithTheCountAndTheFix(@TempDir Path dir) throws Exception {
        KensaHome home = new KensaHome(dir.resolve("home"));
        DecisionLogs.fill(home, List.of("good", "contamination"), 2, 0);
        ClassifierRetrainingException e = retrainExpectingFailure(home, dir);
        assertTrue(e.getMessage().startsWith("Recipe bottle has 4 decided images in the whole log (4 standing decisions);"
                + " a retraining needs at least 6"), e.getMessage());
        assertTrue(e.getMessage().contains("Decide more frames"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("candidate.json")));
    }

    @Test
    void decisionsOfOneClassAreRefused(@TempDir Path dir) throws Exception {
        KensaHome home = new KensaHome(dir.resolve("home"));
        DecisionLogs.fill(home, List.of("good"), 7, 0);
        ClassifierRetrainingException e = retrainExpectingFailure(home, dir);
        assertTrue(e.getMessage().contains("are of one class ('good')"), e.getMessage());
    }

    @Test
    void aClassTheCurrentHeadKnowsButTheLogLacksAsksForTheFolder(@TempDir Path dir) throws Exception {
        KensaHome home = new KensaHome(dir.resolve("home"));
        DecisionLogs.fill(home, List.of("good", "contamination"), 6, 0);
        ClassifierRetrainingException e = retrainExpectingFailure(home, dir);
        assertTrue(e.getMessage().contains("knows [broken_large, broken_small] but no training image"), e.getMessage());
        assertTrue(e.getMessage().contains("--data DIR"), e.getMessage());
    }

    @Test
    void aClassifierOnOtherBackboneWeightsIsRefusedWithTheFix(@TempDir Path dir) throws Exception {
        KensaHome home = new KensaHome(dir.resolve("home"));
        DecisionLogs.fill(home, DecisionLogs.CLASSES, 2, 0);
        Recipe shipped = new Recipes(home).load(Recipes.DEMO);
        Path copy = home.recipes().resolve("bottle");
        Files.createDirectories(copy);
        try (Stream<Path> files = Files.list(shipped.folder())) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, copy.resolve(f.getFileName()));
            }
        }
        Path head = copy.resolve("classifier.json");
        Files.writeString(head, Files.readString(head).replace(backbone.sha256(), "0".repeat(64)));
        ClassifierRetrainingException e = retrainExpectingFailure(home, dir);
        assertTrue(e.getMessage().startsWith("Recipe bottle v1: Classifier head " + head), e.getMessage());
        assertTrue(e.getMessage().contains("Retrain the classifier on this backbone"), e.getMessage());
    }

    private static ClassifierRetrainingException retrainExpectingFailure(KensaHome home, Path dir) throws Exception {
        Recipe recipe = new Recipes(home).load(Recipes.DEMO);
        try (Database db = Database.openExistingFile(home.database());
             InspectionStore store = InspectionStore.openForReading(db, home.images())) {
            return assertThrows(ClassifierRetrainingException.class, () -> new ClassifierRetraining(store, backbone)
                    .retrain(recipe, request(dir.resolve("candidate.json")), Progress.NONE, () -> false));
        }
    }
}
