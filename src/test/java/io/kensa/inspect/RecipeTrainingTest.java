package io.kensa.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.DeviceSetting;
import io.kensa.detect.PatchCoreModel;
import io.kensa.detect.Progress;
import io.kensa.detect.TrainSettings;
import io.kensa.model.PermissionDeniedException;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.RecipeWorkspace;
import io.kensa.recipe.Recipes;
import io.kensa.store.Database;
import io.kensa.store.DecidedImage;
import io.kensa.store.InspectionStore;
import io.kensa.util.Hashes;
import io.kensa.util.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workspace's training service on the real backbone and the demo bottle images (at 128 px to stay short; the
 * steps do not depend on the input size): train, k-fold scores, add good images, save as a new file, the log's false
 * alarms.
 */
class RecipeTrainingTest {
    static final TrainSettings QUICK = TrainSettings.defaults().withInputSize(128);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:15:30Z"), ZoneOffset.UTC);
    private static Backbone backbone;
    private static List<Path> good;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws Exception {
        backbone = Backbone.shipped(DeviceSetting.CPU);
        good = ImageFiles.list(ShippedResources.demoBottle().resolve("train/good"));
    }

    @AfterAll
    static void close() {
        backbone.close();
    }

    @Test
    void trainsScoresHeldOutGoodImagesAndDefectsAndSavesANewFile() throws Exception {
        RecipeTraining training = new RecipeTraining(backbone, dir.resolve("models"), CLOCK);
        RecipeTraining.Trained trained = training.train(good.subList(0, 12), QUICK, Progress.NONE, () -> false);
        assertEquals(12, trained.images());
        assertEquals(12, trained.model().summary().images());
        assertTrue(trained.seconds() > 0);

        Path test = ShippedResources.demoBottle().resolve("test");
        List<Path> labelledGood = ImageFiles.list(test.resolve("good")).subList(0, 3);
        List<Path> defects = ImageFiles.list(test.resolve("broken_large")).subList(0, 4);
        RecipeTrainingScores scores = training.score(trained.model(), good.subList(0, 12), labelledGood, defects, 3,
                Progress.NONE, () -> false);
        assertEquals(15, scores.good().length);
        assertEquals(4, scores.defects().length);
        assertEquals("3-fold on 12 good images, 3 labelled good, 4 defect images", scores.method());
        double[] self = trained.model().scores(good.subList(0, 12), Progress.NONE, () -> false);
        assertTrue(mean(Arrays.copyOf(scores.good(), 12)) > 1.2 * mean(self),
                "a fold model scores unseen good images higher than the model scores its own training images: "
                        + Arrays.toString(scores.good()) + " vs " + Arrays.toString(self));
        assertTrue(Arrays.stream(scores.defects()).min().orElseThrow() > mean(scores.good()),
                "broken bottles score above the mean good image: " + Arrays.toString(scores.defects()));

        RecipeTraining.TrainedModel saved = training.save(trained.model(), "bottle");
        assertEquals(dir.resolve("models/bottle-20261207-101530.kpc"), saved.file());
        assertEquals(Hashes.sha256Hex(saved.file()), saved.sha256());
        assertEquals(12, saved.images());
        assertEquals(trained.model().bankRows(), saved.bankRows());
        PatchCoreModel loaded = PatchCoreModel.load(saved.file(), backbone);
        assertEquals(trained.model().calibration(), loaded.calibration());
        RecipeTraining.TrainedModel second = training.save(trained.model(), "bottle");
        assertEquals(dir.resolve("models/bottle-20261207-101530-2.kpc"), second.file(), "a saved model is never overwritten");
    }

    @Test
    void aSavedModelGoesIntoTheDraftAndReachesTheLineOnlyWhenPublished() throws Exception {
        KensaHome home = new KensaHome(dir.resolve("home"));
        RecipeTraining training = new RecipeTraining(backbone, home.models(), CLOCK);
        RecipeTraining.TrainedModel saved = training.save(
                training.train(good.subList(0, 4), QUICK, Progress.NONE, () -> false).model(), Recipes.DEMO);
        RecipeVersions versions = new RecipeVersions(new RecipeWorkspace(home), CLOCK);

        assertThrows(PermissionDeniedException.class,
                () -> versions.saveModelToDraft(DecisionLogs.INSPECTOR, Recipes.DEMO, saved));
        assertFalse(versions.hasDraft(Recipes.DEMO), "an inspector's attempt leaves no draft");
        Recipe draft = versions.saveModelToDraft(DecisionLogs.QA, Recipes.DEMO, saved);
        assertEquals(Optional.of(draft.folder().resolve(saved.file().getFileName())), draft.detector().model());
        assertEquals(Optional.empty(), new Recipes(home).load(Recipes.DEMO).detector().model(),
                "the line keeps training its own model until the draft is published");
        assertTrue(versions.diffDraft(Recipes.DEMO).toText().contains("detector.model"),
                versions.diffDraft(Recipes.DEMO).toText());

        Recipe live = versions.publish(DecisionLogs.QA, Recipes.DEMO, "model trained in the window");
        Path model = live.detector().model().orElseThrow();
        assertEquals(saved.sha256(), Hashes.sha256Hex(model), "the published version holds the saved file");
        PatchCoreModel used = DetectorModels.prepare(live, backbone, home, Progress.NONE, () -> false);
        assertEquals(saved.calibration().imageThreshold(), used.calibration().imageThreshold(),
                "the inspector's view uses the published threshold");
    }

    @Test
    void goodImagesAreAddedWithoutARefitAndTheCalibrationKept() throws Exception {
        RecipeTraining training = new RecipeTraining(backbone, dir, CLOCK);
        PatchCoreModel base = training.train(good.subList(0, 8), QUICK, Progress.NONE, () -> false).model();
        RecipeTraining.Added added = training.addGood(base, good.subList(8, 13), Progress.NONE, () -> false);
        assertEquals(5, added.added());
        assertEquals(13, added.model().summary().images());
        assertTrue(added.model().bankRows() > base.bankRows());
        assertEquals(base.calibration(), added.model().calibration());
        assertEquals(8, base.summary().images(), "the model added to is unchanged");
        RecipeTrainingException none = assertThrows(RecipeTrainingException.class,
                () -> training.addGood(base, List.of(), Progress.NONE, () -> false));
        assertTrue(none.getMessage().startsWith("No images to add."), none.getMessage());
    }

    @Test
    void cancelledTrainingStopsAndTooFewImagesForTheFoldsAreExplained() throws Exception {
        RecipeTraining training = new RecipeTraining(backbone, dir, CLOCK);
        assertThrows(CancellationException.class, () -> training.train(good, QUICK, Progress.NONE, () -> true));
        PatchCoreModel model = training.train(good.subList(0, 4), QUICK, Progress.NONE, () -> false).model();
        RecipeTrainingException e = assertThrows(RecipeTrainingException.class, () -> training.score(model,
                good.subList(0, 4), List.of(), List.of(), 4, Progress.NONE, () -> false));
        assertEquals("4 good images are too few for 4 folds: each fold model trains on the others and needs at least 2."
                + " Collect at least 8 good images.", e.getMessage());
    }

    @Test
    void labelledFolderIsReadFromTheDataSetRootOrItsTestFolder() throws Exception {
        RecipeTraining.LabelledFolder root = RecipeTraining.labelledFolder(ShippedResources.demoBottle());
        assertEquals(20, root.good().size());
        assertEquals(63, root.defects().size());
        assertEquals(root, RecipeTraining.labelledFolder(ShippedResources.demoBottle().resolve("test")));
        RecipeTrainingException e = assertThrows(RecipeTrainingException.class,
                () -> RecipeTraining.labelledFolder(ShippedResources.demoBottle().resolve("train")));
        assertTrue(e.getMessage().contains("has no defect images"), e.getMessage());
    }

    @Test
    void falseAlarmsAreTheLogsImagesDecidedNormal() throws Exception {
        KensaHome home = new KensaHome(dir.resolve("home"));
        DecisionLogs.fill(home, List.of("good", "contamination"), 3, 0);
        try (Database db = Database.openExistingFile(home.database());
             InspectionStore store = InspectionStore.openForReading(db, home.images())) {
            List<DecidedImage> normal = RecipeTraining.falseAlarms(store, "bottle");
            assertEquals(3, normal.size());
            assertTrue(normal.stream().allMatch(d -> d.finalClass().equals("good") && Files.isRegularFile(d.image())));
            assertTrue(normal.get(0).inspection().value() > normal.get(2).inspection().value(), "newest first");
            assertEquals(List.of(), RecipeTraining.falseAlarms(store, "other-recipe"));
        }
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }
}
