package io.kensa.inspect;

import io.kensa.detect.Backbone;
import io.kensa.detect.Calibration;
import io.kensa.detect.DetectException;
import io.kensa.detect.PatchCoreModel;
import io.kensa.detect.Progress;
import io.kensa.detect.TrainSettings;
import io.kensa.model.ClassPrediction;
import io.kensa.store.DecidedImage;
import io.kensa.store.InspectionStore;
import io.kensa.store.StoreException;
import io.kensa.util.Hashes;
import io.kensa.util.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * The recipe workspace's PatchCore steps for QA: train on the collected good images, score good images (each by a
 * model that did not see it) and labelled defect images for the threshold histogram, add good images to a model
 * without a refit, and save a model as a new file. It makes no recipe version: the caller hands the
 * {@link TrainedModel} to the recipe's draft.
 *
 * <p>Why k-fold: a model scores its own training images near zero (their patches are in its memory bank), so a
 * histogram of those would put every threshold "safe". Each good image is instead scored by a model trained on the
 * other folds; with 30 images and 4 folds each fold model sees 22 or 23 images — a little fewer than the final
 * model, so the good scores (and the false-alarm rate they imply) err on the cautious side.
 */
public final class RecipeTraining {
    public static final int DEFAULT_FOLDS = 4;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int PAGE = 500;

    private final Backbone backbone;
    private final Path modelFolder;
    private final Clock clock;

    /** A model in memory with what its training took. */
    public record Trained(PatchCoreModel model, int images, double seconds) {}

    /** Good images added without a refit, and how long it took. */
    public record Added(PatchCoreModel model, int added, double seconds) {}

    /**
     * A model saved as a file, for the recipe's draft.
     *
     * @param images   good images in its memory bank
     * @param bankRows patches in its memory bank
     * @param sha256   of the file
     */
    public record TrainedModel(Path file, Calibration calibration, int images, int bankRows, String sha256) {}

    /**
     * @param modelFolder where models are saved (the data folder's {@code models/})
     * @param clock       names the saved files
     */
    public RecipeTraining(Backbone backbone, Path modelFolder, Clock clock) {
        this.backbone = backbone;
        this.modelFolder = modelFolder;
        this.clock = clock;
    }

    /** Trains and calibrates on held-out good images, as {@code kensa train} does; nothing is written. */
    public Trained train(List<Path> good, TrainSettings settings, Progress progress, BooleanSupplier cancelled)
            throws RecipeTrainingException {
        long start = System.nanoTime();
        try {
            PatchCoreModel model = DetectorModels.train(backbone, good, settings, DetectorModels.CalibrationSet.HELD_OUT,
                    progress, cancelled);
            return new Trained(model, good.size(), seconds(start));
        } catch (DetectException e) {
            throw new RecipeTrainingException("Not trained: " + e.getMessage(), e);
        }
    }

    /**
     * Scores for the threshold: each good image by a model trained on the other {@code folds} folds (a seeded split),
     * and the labelled images (good and defect, MVTec {@code test/<class>/} layout) by {@code model}, which saw none
     * of them.
     */
    public RecipeTrainingScores score(PatchCoreModel model, List<Path> good, List<Path> labelledGood,
                                      List<Path> defects, int folds, Progress progress, BooleanSupplier cancelled)
            throws RecipeTrainingException {
        int k = Math.min(folds, good.size());
        if (k < 2) {
            throw new RecipeTrainingException("Scoring good images needs at least 2 of them (there " + (good.size() == 1
                    ? "is 1" : "are " + good.size()) + ") and at least 2 folds. Collect more good images.");
        }
        if (good.size() < 2 * k) {
            throw new RecipeTrainingException(good.size() + " good images are too few for " + k + " folds: each fold"
                    + " model trains on the others and needs at least 2. Collect at least " + 2 * k + " good images.");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < good.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(model.settings().seed()));
        double[] goodScores = new double[good.size() + labelledGood.size()];
        int labelledShare = labelledGood.isEmpty() && defects.isEmpty() ? 0 : 1;
        double step = 1.0 / (k + labelledShare);
        try {
            for (int f = 0; f < k; f++) {
                List<Path> train = new ArrayList<>(), held = new ArrayList<>();
                List<Integer> heldIndex = new ArrayList<>();
                for (int j = 0; j < order.size(); j++) {
                    int i = order.get(j);
                    if (j % k == f) {
                        held.add(good.get(i));
                        heldIndex.add(i);
                    } else {
                        train.add(good.get(i));
                    }
                }
                Progress fold = progress.range(f * step, (f + 1) * step);
                fold.update(0, "fold " + (f + 1) + "/" + k + ": training on " + train.size() + " good images");
                PatchCoreModel m = PatchCoreModel.train(backbone, train, model.settings(), fold.range(0, 0.8), cancelled);
                double[] s = m.scores(held, fold.range(0.8, 1), cancelled);
                for (int j = 0; j < s.length; j++) {
                    goodScores[heldIndex.get(j)] = s[j];
                }
            }
            Progress rest = progress.range(k * step, 1);
            double[] labelled = model.scores(labelledGood, rest.range(0, 0.5), cancelled);
            System.arraycopy(labelled, 0, goodScores, good.size(), labelled.length);
            double[] defectScores = model.scores(defects, rest.range(0.5, 1), cancelled);
            progress.update(1, "scored " + goodScores.length + " good and " + defectScores.length + " defect images");
            String method = k + "-fold on " + good.size() + " good images"
                    + (labelledGood.isEmpty() ? "" : ", " + labelledGood.size() + " labelled good")
                    + (defects.isEmpty() ? "" : ", " + defects.size() + " defect images");
            return new RecipeTrainingScores(goodScores, defectScores, method);
        } catch (DetectException e) {
            throw new RecipeTrainingException("Not scored: " + e.getMessage(), e);
        }
    }

    /** Adds good images to the model's memory bank without a refit; the calibration is kept. */
    public Added addGood(PatchCoreModel model, List<Path> images, Progress progress, BooleanSupplier cancelled)
            throws RecipeTrainingException {
        if (images.isEmpty()) {
            throw new RecipeTrainingException("No images to add. Pick false alarms from the log or image files.");
        }
        long start = System.nanoTime();
        try {
            PatchCoreModel added = model.addGoodImages(images, progress, cancelled);
            double seconds = seconds(start);
            progress.update(1, String.format(Locale.ROOT, "added %d images in %.1f s", images.size(), seconds));
            return new Added(added, images.size(), seconds);
        } catch (DetectException e) {
            throw new RecipeTrainingException("Not added: " + e.getMessage(), e);
        }
    }

    /** Writes the model as a new file {@code <recipe>-<UTC time>.kpc} in the model folder (never overwriting one). */
    public TrainedModel save(PatchCoreModel model, String recipe) throws RecipeTrainingException {
        Path file = modelFolder.resolve(recipe + "-" + STAMP.format(clock.instant()) + ".kpc");
        for (int n = 2; Files.exists(file); n++) {
            file = modelFolder.resolve(recipe + "-" + STAMP.format(clock.instant()) + "-" + n + ".kpc");
        }
        try {
            Files.createDirectories(modelFolder);
            model.save(file);
            return new TrainedModel(file, model.calibration(), model.summary().images(), model.bankRows(),
                    Hashes.sha256Hex(file));
        } catch (DetectException | IOException e) {
            throw new RecipeTrainingException("The model was not saved to " + file + ": " + e.getMessage()
                    + ". Check that " + modelFolder + " is writable and has space, then save again.", e);
        }
    }

    /**
     * The good images of an MVTec {@code test/<class>/} folder ({@code good/}) and its defect images (every other
     * class), given the {@code test} folder or the data set's root.
     */
    public record LabelledFolder(Path folder, List<Path> good, List<Path> defects) {
        public LabelledFolder {
            good = List.copyOf(good);
            defects = List.copyOf(defects);
        }
    }

    public static LabelledFolder labelledFolder(Path folder) throws RecipeTrainingException {
        Path test = Files.isDirectory(folder.resolve("test")) ? folder.resolve("test") : folder;
        if (!Files.isDirectory(test)) {
            throw new RecipeTrainingException("Labelled folder " + folder + " does not exist. Pick a folder with good/"
                    + " and one folder per defect type (MVTec test/<class>/ layout).");
        }
        List<Path> good = new ArrayList<>(), defects = new ArrayList<>();
        try (var classes = Files.list(test)) {
            for (Path c : classes.filter(Files::isDirectory).sorted().toList()) {
                (c.getFileName().toString().equals("good") ? good : defects).addAll(ImageFiles.list(c));
            }
        } catch (IOException e) {
            throw new RecipeTrainingException("Cannot read labelled folder " + test + ": " + e.getMessage(), e);
        }
        if (defects.isEmpty()) {
            throw new RecipeTrainingException("Labelled folder " + test + " has no defect images: expected good/ and"
                    + " one folder per defect type (e.g. test/broken_large/) with " + ImageFiles.FORMATS + " images.");
        }
        return new LabelledFolder(test, good, defects);
    }

    /**
     * The recipe's false alarms in the decision log: images of inspections whose standing decision is normal (the
     * inspector looked at a flagged frame and found it good), one per stored image, newest first; missing files are
     * left out.
     */
    public static List<DecidedImage> falseAlarms(InspectionStore store, String recipe) throws RecipeTrainingException {
        Map<String, DecidedImage> byImage = new LinkedHashMap<>();
        long after = 0;
        try {
            while (true) {
                List<DecidedImage> page = store.decidedImages(recipe, Instant.EPOCH, Instant.now(), after, PAGE);
                for (DecidedImage d : page) {
                    byImage.remove(d.imageSha256());
                    byImage.put(d.imageSha256(), d);
                }
                if (page.size() < PAGE) {
                    break;
                }
                after = page.get(page.size() - 1).inspection().value();
            }
        } catch (StoreException e) {
            throw new RecipeTrainingException("Cannot read the decision log of recipe " + recipe + ": " + e.getMessage(), e);
        }
        List<DecidedImage> normal = new ArrayList<>(byImage.values().stream()
                .filter(d -> d.finalClass().equals(ClassPrediction.GOOD) && Files.isRegularFile(d.image())).toList());
        Collections.reverse(normal);
        return normal;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
