package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.DeviceSetting;
import io.kensa.detect.Progress;
import io.kensa.detect.TrainSettings;
import io.kensa.inspect.DecisionLogs;
import io.kensa.inspect.RecipeTraining;
import io.kensa.inspect.RecipeVersions;
import io.kensa.recipe.RecipeWorkspace;
import io.kensa.recipe.Recipes;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.util.Hashes;
import io.kensa.util.ImageFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Recipes tab's chooser on a real data folder and decision log (H2), and a model the training panes save (real
 * backbone and demo images) going through the draft to publish and roll back; executors run in place.
 */
class RecipesViewModelTest {
    @TempDir
    Path folder;
    private Database database;
    private InspectionStore store;
    private RecipesViewModel vm;
    private KensaHome home;

    private TestSignatures signatures;

    @BeforeEach
    void open() throws Exception {
        home = new KensaHome(folder);
        DecisionLogs.fill(home, List.of("good"), 1, 0); // the record names recipe bottle
        database = Database.openFile(home.database());
        store = InspectionStore.open(database, home.images(), "station-1");
        RecipeVersions versions = new RecipeVersions(new RecipeWorkspace(home),
                Clock.fixed(RecipeVersionsViewModelTest.NOW, ZoneOffset.UTC));
        signatures = TestSignatures.signedIn(RecipeVersionsViewModelTest.QA);
        RecipeVersionsViewModel pane = new RecipeVersionsViewModel(versions, signatures.vm, ZoneOffset.UTC, Runnable::run,
                Runnable::run);
        vm = new RecipesViewModel(versions, store, () -> RecipeVersionsViewModelTest.QA, pane, Runnable::run, Runnable::run);
        vm.refresh(Recipes.DEMO);
    }

    @AfterEach
    void close() {
        store.close();
        database.close();
        signatures.close();
    }

    @Test
    void choosingARecipeShowsItsVersions() {
        assertEquals(List.of(Recipes.DEMO), vm.names());
        assertEquals(Recipes.DEMO, vm.selected().get());
        assertEquals(Recipes.DEMO, vm.versionsPane().recipe().get());
        assertEquals(1, vm.versionsPane().rows().size());
    }

    @Test
    void aModelTheTrainingPanesSaveGoesIntoTheDraftIsPublishedAndRolledBack() throws Exception {
        RecipeTraining.TrainedModel saved;
        try (Backbone backbone = Backbone.shipped(DeviceSetting.CPU)) {
            RecipeTraining training = new RecipeTraining(backbone, home.models(), Clock.systemUTC());
            List<Path> good = ImageFiles.list(ShippedResources.demoBottle().resolve("train/good")).subList(0, 3);
            saved = training.save(training.train(good, TrainSettings.defaults().withInputSize(128), Progress.NONE,
                    () -> false).model(), Recipes.DEMO);
        }
        assertEquals(Optional.empty(), vm.current().get().orElseThrow().detector().model(), "the shipped recipe trains its own");

        vm.saveModel(saved);

        assertFalse(vm.messageProblem().get(), vm.message().get());
        assertTrue(vm.message().get().startsWith("Model " + saved.file().getFileName()) && vm.message().get()
                .contains("is in the draft of bottle. Publish the draft in Versions"), vm.message().get());
        assertEquals(saved.file().getFileName(), vm.current().get().orElseThrow().detector().model().orElseThrow().getFileName());
        assertTrue(vm.versionsPane().hasDraft().get());
        assertEquals(Optional.empty(), new Recipes(home).load(Recipes.DEMO).detector().model(), "the line is unchanged");

        vm.versionsPane().comment().set("model trained in the window");
        vm.versionsPane().publish();
        assertTrue(signatures.vm.asking().get(), "publishing is signed");
        signatures.sign(TestSignatures.PASSWORD);
        assertFalse(vm.versionsPane().messageProblem().get(), vm.versionsPane().message().get());
        assertEquals(saved.sha256(), Hashes.sha256Hex(new Recipes(home).load(Recipes.DEMO).detector().model().orElseThrow()));

        vm.versionsPane().comment().set("back to training on first use");
        vm.versionsPane().rollback(1);
        signatures.sign(TestSignatures.PASSWORD);
        assertEquals(3, new Recipes(home).load(Recipes.DEMO).version());
        assertEquals(Optional.empty(), new Recipes(home).load(Recipes.DEMO).detector().model());
    }

    @Test
    void aNewRecipeNeedsGoodImagesAndASourceAndIsThenChosen() {
        vm.newName().set("caps");
        vm.createNew();
        assertTrue(vm.messageProblem().get());
        assertTrue(vm.message().get().startsWith("Choose the folder of good parts"), vm.message().get());

        vm.goodImages().set(Optional.of(ShippedResources.resolve("demo/bottle/train/good")));
        vm.source().set("usb:0");
        vm.title().set("Caps");
        vm.createNew();

        assertFalse(vm.messageProblem().get(), vm.message().get());
        assertEquals(List.of(Recipes.DEMO, "caps"), vm.names());
        assertEquals("caps", vm.selected().get());
        assertEquals("caps", vm.versionsPane().recipe().get());
        assertEquals("new recipe [new recipe from " + ShippedResources.resolve("demo/bottle/train/good").toAbsolutePath().normalize()
                + " (prompt profile from bottle v1)]", vm.versionsPane().rows().get(0).comment());
        assertEquals("", vm.newName().get());
    }

    @Test
    void aDuplicateIsRenamedButARecipeTheRecordNamesIsNot() {
        vm.newName().set("bottle-line3");
        vm.duplicate();
        assertEquals("bottle-line3", vm.selected().get());
        assertEquals(List.of(Recipes.DEMO, "bottle-line3"), vm.names());

        vm.newName().set("bottle-line4");
        vm.rename();
        assertFalse(vm.messageProblem().get(), vm.message().get());
        assertEquals(List.of(Recipes.DEMO, "bottle-line4"), vm.names());
        assertEquals("bottle-line4", vm.selected().get());

        vm.selected().set(Recipes.DEMO);
        vm.newName().set("flask");
        vm.rename();
        assertTrue(vm.messageProblem().get());
        assertTrue(vm.message().get().contains("is named by 1 inspection in the decision log"), vm.message().get());
        assertEquals(List.of(Recipes.DEMO, "bottle-line4"), vm.names());
    }
}
