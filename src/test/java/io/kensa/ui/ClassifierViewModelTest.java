package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.cam.ClassifierTraining;
import io.kensa.config.KensaHome;
import io.kensa.detect.Backbone;
import io.kensa.detect.DeviceSetting;
import io.kensa.inspect.ClassifierRetraining;
import io.kensa.inspect.DecisionLogs;
import io.kensa.recipe.Recipes;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Classifier screen's behaviour without a toolkit, on a real H2 decision log of the demo images, the real backbone
 * and real training: before/after figures, publish only when QA asks (and never while working), cancel, and the
 * too-few-decisions refusal.
 */
class ClassifierViewModelTest {
    /** Fewer steps and no mirrored copies than the station's defaults, to keep the test short. */
    private static final ClassifierTraining.Settings QUICK = new ClassifierTraining.Settings(256, false, false, 100,
            0.01, 0.1, 0.3, 42);
    private static Backbone backbone;

    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final SettingsViewModelTest.Queue fx = new SettingsViewModelTest.Queue();
    private TestSignatures signatures;
    private KensaHome home;
    private Recipes recipes;
    private Database db;
    private InspectionStore store;
    private ClassifierViewModel vm;
    /** the versions handed to the running line (the workstation's own swap is tested in WorkstationTest) */
    private final List<io.kensa.recipe.Recipe> onLine = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void loadBackbone() throws Exception {
        backbone = Backbone.shipped(DeviceSetting.CPU);
    }

    @AfterAll
    static void closeBackbone() {
        backbone.close();
    }

    private void open(List<String> classes, int perClass, Optional<Backbone> loaded) throws Exception {
        home = new KensaHome(dir.resolve("home"));
        DecisionLogs.fill(home, classes, perClass, 5);
        recipes = new Recipes(home);
        db = Database.openExistingFile(home.database());
        store = InspectionStore.openForReading(db, home.images());
        signatures = TestSignatures.signedIn(DecisionLogs.QA, background, fx);
        vm = new ClassifierViewModel(Recipes.DEMO, recipes, store, signatures.vm, () -> loaded, published -> {
            onLine.add(published);
            return "Inspect now classifies with recipe " + published.name() + " v" + published.version() + ".";
        }, QUICK, home.models(), background, fx);
    }

    @AfterEach
    void close() throws Exception {
        if (vm != null) {
            vm.close();
        }
        background.shutdownNow();
        background.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        if (store != null) {
            store.close();
            db.close();
            signatures.close();
        }
    }

    @Test
    void retrainShowsBeforeAndAfterAndPublishMakesTheNextRecipeVersion() throws Exception {
        open(DecisionLogs.CLASSES, 6, Optional.of(backbone));
        vm.refresh();
        fx.runUntil(() -> !vm.currentClasses().get().isEmpty(), 20);
        assertEquals(String.join(", ", DecisionLogs.CLASSES), vm.currentClasses().get());
        assertTrue(vm.currentFile().get().endsWith("classifier.json"), vm.currentFile().get());
        assertFalse(vm.canPublish().get(), "nothing to publish before a retraining");

        vm.retrain();
        assertTrue(vm.working().get());
        assertFalse(vm.canPublish().get(), "no publishing while working");
        fx.runUntil(() -> !vm.working().get(), 50);

        assertEquals("", vm.messageProblem().get() ? vm.message().get() : "");
        ClassifierRetraining.Result r = vm.result().get().orElseThrow();
        assertEquals(24, r.decisions());
        assertEquals(r.images(), r.train() + r.heldOut());
        for (double v : List.of(r.before().accuracy(), r.after().accuracy(), r.before().macroF1(), r.after().macroF1())) {
            assertTrue(v >= 0 && v <= 1, "figure out of range: " + v);
        }
        assertTrue(vm.verdict().get().startsWith("After retraining: ")
                && vm.verdict().get().contains("on " + r.heldOut() + " held-out decisions"), vm.verdict().get());
        assertTrue(vm.counts().get().startsWith("24 decisions in the whole log"), vm.counts().get());
        assertEquals(DecisionLogs.CLASSES, vm.perClass().stream().map(ClassifierViewModel.ClassRow::name).toList());
        assertEquals(r.heldOut(), vm.confusion().get().orElseThrow().total());
        assertEquals(1.0, vm.progress().get());
        assertTrue(vm.canPublish().get());
        assertEquals("Publish as recipe v2", vm.publishText().get());
        assertEquals(1, recipes.load(Recipes.DEMO).version(), "retraining alone must not change the recipe");

        vm.publish();
        assertTrue(vm.working().get());
        assertFalse(vm.canPublish().get(), "no second publish while publishing");
        assertTrue(signatures.vm.asking().get(), "publishing asks for the password again");
        assertEquals(1, recipes.load(Recipes.DEMO).version(), "nothing is published before the signature");
        signatures.sign(TestSignatures.PASSWORD);
        fx.runUntil(() -> !vm.working().get(), 20);
        assertFalse(vm.messageProblem().get(), vm.message().get());
        assertTrue(vm.message().get().startsWith("Published: recipe bottle is now v2 with classifier-v2.json"),
                vm.message().get());
        assertTrue(vm.message().get().endsWith("Inspect now classifies with recipe bottle v2."), vm.message().get());
        assertEquals(List.of(2), onLine.stream().map(io.kensa.recipe.Recipe::version).toList(),
                "the published version goes to the running line once");
        assertEquals(2, recipes.load(Recipes.DEMO).version());
        assertFalse(vm.canPublish().get(), "published once");
        assertEquals("classifier of recipe bottle v2", signatures.recorded().get(0).subject());
        fx.runUntil(() -> vm.currentTraining().get().startsWith("Recipe bottle v2: retrained from the log"), 20);
    }

    @Test
    void cancelLeavesNothingPublishedAndReenablesTheCommands() throws Exception {
        open(DecisionLogs.CLASSES, 6, Optional.of(backbone));
        vm.retrain();
        vm.cancel();
        fx.runUntil(() -> !vm.working().get(), 50);
        assertTrue(vm.messageProblem().get());
        assertEquals("Retraining cancelled; nothing was published and the recipe is unchanged.", vm.message().get());
        assertFalse(vm.canPublish().get());
        assertTrue(vm.result().get().isEmpty());
        assertEquals(1, recipes.load(Recipes.DEMO).version());

        vm.retrain(); // the command works again
        assertTrue(vm.working().get());
        vm.close(); // closing the screen cancels too
        background.shutdown();
        assertTrue(background.awaitTermination(50, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, recipes.load(Recipes.DEMO).version());
    }

    @Test
    void tooFewDecisionsSayHowManyAndWhatToDo() throws Exception {
        open(List.of("good", "contamination"), 2, Optional.of(backbone));
        vm.retrain();
        fx.runUntil(() -> !vm.working().get(), 20);
        assertTrue(vm.messageProblem().get());
        assertTrue(vm.message().get().startsWith("Not retrained: Recipe bottle has 4 decided images in the whole log"),
                vm.message().get());
        assertTrue(vm.message().get().contains("Decide more frames"), vm.message().get());
        assertFalse(vm.canPublish().get());
        assertEquals(0.0, vm.progress().get());
    }

    @Test
    void aBackboneStillLoadingIsSaidAndNothingStarts() throws Exception {
        open(List.of("good"), 1, Optional.empty());
        vm.retrain();
        assertFalse(vm.working().get());
        assertTrue(vm.message().get().startsWith("The backbone is still loading"), vm.message().get());
    }
}
