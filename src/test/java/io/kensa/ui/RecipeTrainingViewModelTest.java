package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.DeviceSetting;
import io.kensa.detect.PatchCoreModel;
import io.kensa.detect.TrainSettings;
import io.kensa.inspect.RecipeTraining;
import io.kensa.inspect.RecipeTrainingImages;
import io.kensa.util.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe workspace's flows on their view-models, without a toolkit, on the real backbone and the demo bottle
 * images (at 128 px to stay short): collect, train, set the threshold on the histogram, save as draft, add good
 * images without a refit; cancel; the refusals.
 */
class RecipeTrainingViewModelTest {
    private static final TrainSettings QUICK = TrainSettings.defaults().withInputSize(128);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:15:30Z"), ZoneOffset.UTC);
    private static Backbone backbone;
    private static List<Path> demoGood;

    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final SettingsViewModelTest.Queue fx = new SettingsViewModelTest.Queue();
    private final List<RecipeTraining.TrainedModel> drafts = new ArrayList<>();
    private GoodImagesViewModel images;
    private RecipeTrainingViewModel vm;

    @BeforeAll
    static void loadBackbone() throws Exception {
        backbone = Backbone.shipped(DeviceSetting.CPU);
        demoGood = ImageFiles.list(ShippedResources.demoBottle().resolve("train/good"));
    }

    @AfterAll
    static void closeBackbone() {
        backbone.close();
    }

    private void open(Optional<Backbone> loaded) {
        images = new GoodImagesViewModel(new RecipeTrainingImages(dir.resolve("collection")),
                "folder:" + ShippedResources.demoBottle().resolve("train/good") + "?fps=0", background, fx);
        vm = new RecipeTrainingViewModel("bottle", () -> loaded, dir.resolve("models"), CLOCK, images::snapshot,
                Optional.empty(), QUICK, 2, drafts::add, background, fx);
    }

    @AfterEach
    void close() throws Exception {
        if (vm != null) {
            vm.close();
            images.close();
        }
        background.shutdownNow();
        background.awaitTermination(30, TimeUnit.SECONDS);
    }

    @Test
    void collectTrainSetTheThresholdSaveAsDraftAndAddGoodImages() throws Exception {
        open(Optional.of(backbone));
        images.importFolder(copyOf(5));
        fx.runUntil(() -> !images.working().get(), 30);
        assertEquals("Imported 5 images from " + dir.resolve("source") + ".", images.message().get());
        images.autoCount().set(3);
        images.intervalSeconds().set(0);
        images.autoCollect();
        fx.runUntil(() -> !images.working().get(), 30);
        assertEquals("Took 3 images from folder:" + ShippedResources.demoBottle().resolve("train/good") + "?fps=0.",
                images.message().get());
        assertEquals("8 good images in " + dir.resolve("collection"), images.count().get());
        Path discarded = images.images().get(6);
        images.discard(discarded);
        fx.runUntil(() -> !images.working().get(), 30);
        assertEquals(7, images.images().size());
        assertTrue(Files.notExists(discarded), "a discarded image is deleted from the collection folder");
        images.capture();
        fx.runUntil(() -> !images.working().get(), 30);
        assertEquals(List.of("good-00001.png", "good-00002.png", "good-00003.png", "good-00004.png", "good-00005.png",
                        "good-00006.png", "good-00008.png", "good-00009.png"),
                images.images().stream().map(p -> p.getFileName().toString()).toList());

        assertFalse(vm.canSave().get());
        vm.train();
        assertTrue(vm.working().get());
        fx.runUntil(() -> !vm.working().get(), 120);
        assertFalse(vm.messageProblem().get(), vm.message().get());
        PatchCoreModel trained = vm.model().get().orElseThrow();
        assertEquals(8, trained.summary().images());
        assertTrue(vm.lastStep().get().startsWith("trained on 8 images in "), vm.lastStep().get());
        assertTrue(vm.modelText().get().startsWith("8 good images, bank of " + trained.bankRows() + " patches"),
                vm.modelText().get());
        assertTrue(vm.canSave().get());

        ThresholdViewModel threshold = vm.threshold();
        assertFalse(threshold.canUse().get(), "nothing to use before scoring");
        threshold.labelledFolder().set(Optional.of(labelledFolder()));
        threshold.score();
        fx.runUntil(() -> !threshold.working().get(), 180);
        assertFalse(threshold.messageProblem().get(), threshold.message().get());
        assertEquals("2-fold on 8 good images, 2 labelled good, 3 defect images", threshold.method().get());
        assertEquals(trained.calibration().imageThreshold(), threshold.threshold().get(), 1e-12,
                "the handle starts at the trained threshold");
        double[] all = all(threshold);
        threshold.threshold().set(Arrays.stream(all).max().orElseThrow());
        assertEquals("0 of 10 good images above: 0.0% false alarms", threshold.falseAlarms().get());
        assertEquals("0 of 3 defect images caught: precision 0.000, recall 0.000, F1 0.000",
                threshold.labelledFigures().get());
        threshold.threshold().set(Math.nextDown(Arrays.stream(all).min().orElseThrow()));
        assertEquals("10 of 10 good images above: 100.0% false alarms", threshold.falseAlarms().get());
        // precision 3 / 13, recall 3 / 3, F1 2·3 / (2·3 + 10)
        assertEquals("3 of 3 defect images caught: precision 0.231, recall 1.000, F1 0.375",
                threshold.labelledFigures().get());
        threshold.suggestBestF1();
        double best = threshold.threshold().get();
        assertEquals(threshold.scores().get().orElseThrow().bestF1Threshold().orElseThrow(), best, 1e-12);

        threshold.useThreshold();
        PatchCoreModel thresholded = vm.model().get().orElseThrow();
        assertEquals(best, thresholded.calibration().imageThreshold(), 1e-12);
        assertTrue(thresholded.calibration().method().startsWith("set on the score histogram (2-fold on 8 good images"),
                thresholded.calibration().method());
        assertEquals(trained.bankRows(), thresholded.bankRows());

        vm.save();
        fx.runUntil(() -> !vm.working().get(), 60);
        assertEquals(1, drafts.size(), "the draft callback gets the saved model");
        RecipeTraining.TrainedModel draft = drafts.get(0);
        assertEquals(dir.resolve("models/bottle-20261207-101530.kpc"), draft.file());
        assertEquals(best, draft.calibration().imageThreshold(), 1e-12);
        assertEquals(best, PatchCoreModel.load(draft.file(), backbone).calibration().imageThreshold(), 1e-12);
        assertFalse(vm.canSave().get(), "saved");
        assertTrue(vm.message().get().startsWith("Saved bottle-20261207-101530.kpc (sha256 "), vm.message().get());

        vm.addGood(demoGood.subList(20, 23));
        fx.runUntil(() -> !vm.working().get(), 60);
        assertTrue(vm.lastStep().get().startsWith("added 3 images in "), vm.lastStep().get());
        assertEquals(11, vm.model().get().orElseThrow().summary().images());
        assertEquals(best, vm.model().get().orElseThrow().calibration().imageThreshold(), 1e-12, "no refit, same threshold");
        assertTrue(vm.canSave().get(), "the added-to model is a new one to save");

        vm.load(draft.file()); // e.g. the recipe's current model, to add false alarms to
        fx.runUntil(() -> !vm.working().get(), 60);
        assertEquals(8, vm.model().get().orElseThrow().summary().images());
        assertFalse(vm.canSave().get(), "a loaded model is saved already");
        assertEquals("loaded " + draft.file(), vm.lastStep().get());
        assertFalse(threshold.canUse().get(), "the scores belonged to the model shown before");
    }

    @Test
    void falseAlarmsAreReadFromTheDecisionLog() throws Exception {
        io.kensa.config.KensaHome home = new io.kensa.config.KensaHome(dir.resolve("home"));
        io.kensa.inspect.DecisionLogs.fill(home, List.of("good", "contamination"), 3, 0);
        try (io.kensa.store.Database db = io.kensa.store.Database.openExistingFile(home.database());
             io.kensa.store.InspectionStore store = io.kensa.store.InspectionStore.openForReading(db, home.images())) {
            images = new GoodImagesViewModel(new RecipeTrainingImages(dir.resolve("collection")), "", background, fx);
            vm = new RecipeTrainingViewModel("bottle", () -> Optional.of(backbone), dir.resolve("models"), CLOCK,
                    images::snapshot, Optional.of(store), QUICK, 2, drafts::add, background, fx);
            vm.loadFalseAlarms();
            fx.runUntil(() -> !vm.working().get(), 30);
            assertEquals(3, vm.falseAlarms().size());
            assertEquals("3 false alarms (decided normal) in the log; pick the ones to add.", vm.message().get());
            vm.addGood(vm.falseAlarms().stream().map(io.kensa.store.DecidedImage::image).toList());
            assertEquals("There is no model to add images to: train one first.", vm.message().get());
            vm.close();
            vm = null;
        }
    }

    @Test
    void cancelledTrainingLeavesTheModelShownBefore() throws Exception {
        open(Optional.of(backbone));
        images.importFolder(copyOf(4));
        fx.runUntil(() -> !images.working().get(), 30);
        vm.train();
        fx.runUntil(() -> !vm.working().get(), 120);
        PatchCoreModel before = vm.model().get().orElseThrow();
        String text = vm.modelText().get();

        vm.train();
        vm.cancel();
        fx.runUntil(() -> !vm.working().get(), 120);
        assertTrue(vm.messageProblem().get());
        assertEquals("Training cancelled; the model shown before is unchanged.", vm.message().get());
        assertSame(before, vm.model().get().orElseThrow());
        assertEquals(text, vm.modelText().get());
    }

    @Test
    void aLoadingBackboneTooFewImagesAndAMissingCameraAreSaid() throws Exception {
        open(Optional.empty());
        vm.train();
        assertFalse(vm.working().get());
        assertTrue(vm.message().get().startsWith("The backbone is still loading"), vm.message().get());
        vm.threshold().score();
        assertEquals("The backbone is still loading; score once the detector is ready.", vm.threshold().message().get());
        vm.close();

        vm = new RecipeTrainingViewModel("bottle", () -> Optional.of(backbone), dir.resolve("models"), CLOCK,
                images::snapshot, Optional.empty(), QUICK, 2, drafts::add, background, fx);
        vm.train();
        assertEquals("Collect at least 2 good images before training (there are 0); 20 or more give a steadier"
                + " threshold.", vm.message().get());
        vm.loadFalseAlarms();
        assertTrue(vm.message().get().startsWith("This station has no decision log"), vm.message().get());

        images.source().set("folder:" + dir.resolve("unplugged"));
        images.capture();
        fx.runUntil(() -> !images.working().get(), 30);
        assertTrue(images.messageProblem().get());
        assertTrue(images.message().get().startsWith("The source folder:" + dir.resolve("unplugged") + " stopped: "),
                images.message().get());
        assertTrue(images.message().get().endsWith("No image was taken."), images.message().get());
    }

    private static double[] all(ThresholdViewModel t) {
        var s = t.scores().get().orElseThrow();
        double[] good = s.good(), defects = s.defects();
        double[] all = Arrays.copyOf(good, good.length + defects.length);
        System.arraycopy(defects, 0, all, good.length, defects.length);
        return all;
    }

    private Path copyOf(int count) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("source"));
        for (int i = 0; i < count; i++) {
            Files.copy(demoGood.get(i), folder.resolve(demoGood.get(i).getFileName()));
        }
        return folder;
    }

    /** A small MVTec test/ folder: 2 good and 3 broken bottles. */
    private Path labelledFolder() throws Exception {
        Path test = dir.resolve("labelled/test");
        Path demo = ShippedResources.demoBottle().resolve("test");
        for (String cls : List.of("good", "broken_large")) {
            Files.createDirectories(test.resolve(cls));
            List<Path> files = ImageFiles.list(demo.resolve(cls)).subList(0, cls.equals("good") ? 2 : 3);
            for (Path f : files) {
                Files.copy(f, test.resolve(cls).resolve(f.getFileName()));
            }
        }
        return test.getParent();
    }
}
