package io.kensa.inspect;

import io.kensa.config.KensaHome;
import io.kensa.detect.Backbone;
import io.kensa.detect.DetectException;
import io.kensa.detect.LabelledImage;
import io.kensa.detect.MvtecDataset;
import io.kensa.detect.PatchCoreModel;
import io.kensa.detect.Progress;
import io.kensa.detect.TrainSettings;
import io.kensa.recipe.Recipe;
import io.kensa.util.Hashes;
import io.kensa.util.ImageFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gets the recipe's PatchCore model ready: its own bundle when it names one, else a bundle trained earlier on this
 * station from the recipe's good images (cached in the data folder, keyed by recipe, settings and image names),
 * else trained now — seconds for the demo — calibrated on the recipe's labelled test images when it has them.
 */
public final class DetectorModels {
    private static final Logger LOG = LoggerFactory.getLogger(DetectorModels.class);

    private DetectorModels() {}

    public static PatchCoreModel prepare(Recipe recipe, Backbone backbone, KensaHome home, Progress progress,
                                  BooleanSupplier cancelled) throws DetectException {
        Recipe.DetectorSettings d = recipe.detector();
        if (d.model().isPresent()) {
            progress.update(0, "loading model " + d.model().get().getFileName());
            PatchCoreModel model = PatchCoreModel.load(d.model().get(), backbone);
            progress.update(1, "model loaded");
            return model;
        }
        List<Path> good = images(d.trainImages());
        Path cached = home.models().resolve(recipe.name() + "-" + key(recipe, backbone, good) + ".kpc");
        if (Files.isRegularFile(cached)) {
            try {
                progress.update(0, "loading the station's model for " + recipe.name());
                PatchCoreModel model = PatchCoreModel.load(cached, backbone);
                progress.update(1, "model loaded");
                return model;
            } catch (DetectException e) {
                LOG.warn("Cached model {} unusable ({}); training again", cached, e.getMessage());
            }
        }
        TrainSettings settings = settings(d.inputSize(), d.coreset(), d.falseAlarmRate(), d.tile());
        Optional<List<LabelledImage>> labelled = labelled(d.calibrationImages());
        CalibrationSet calibration = labelled.isPresent() ? CalibrationSet.labelled(labelled.get())
                : d.calibrationImages().map(DetectorModels::imagesOrNone).filter(l -> !l.isEmpty())
                        .map(CalibrationSet::good).orElse(CalibrationSet.HELD_OUT);
        PatchCoreModel model = train(backbone, good, settings, calibration, progress, cancelled);
        model.save(cached);
        LOG.info("Trained {} in {} s; saved {}", recipe.name(), model.summary().trainSeconds(), cached);
        return model;
    }

    /**
     * The recipe's (or {@code kensa train}'s) detector settings over PatchCore's defaults: input side, coreset ratio,
     * tolerated false-alarm rate and tile side (0 = whole frame).
     */
    public static TrainSettings settings(int inputSize, double coreset, double falseAlarmRate, int tile) {
        TrainSettings defaults = TrainSettings.defaults();
        return defaults.withInputSize(inputSize).withCoresetRatio(coreset).withFalseAlarmRate(falseAlarmRate)
                .withTiling(tile, defaults.tileOverlap());
    }

    /**
     * What sets the threshold after training: good images held out of the training set (PatchCore's own), a folder of
     * good images (the threshold lets {@code falseAlarmRate} of them through), or labelled test images (F1-optimal).
     */
    public record CalibrationSet(List<Path> good, List<LabelledImage> labelled) {
        public static final CalibrationSet HELD_OUT = new CalibrationSet(List.of(), List.of());

        public CalibrationSet {
            good = List.copyOf(good);
            labelled = List.copyOf(labelled);
        }

        public static CalibrationSet good(List<Path> images) {
            return new CalibrationSet(images, List.of());
        }

        public static CalibrationSet labelled(List<LabelledImage> images) {
            return new CalibrationSet(List.of(), images);
        }
    }

    /**
     * Trains PatchCore on the good images and calibrates it: the one training path of the window (the recipe's model)
     * and {@code kensa train}. Training takes the first 60 % of the progress when a calibration pass follows.
     */
    public static PatchCoreModel train(Backbone backbone, List<Path> good, TrainSettings settings,
                                       CalibrationSet calibration, Progress progress, BooleanSupplier cancelled)
            throws DetectException {
        boolean calibrates = !calibration.labelled().isEmpty() || !calibration.good().isEmpty();
        progress.update(0, "training PatchCore on " + good.size() + " good images");
        PatchCoreModel model = PatchCoreModel.train(backbone, good, settings, progress.range(0, calibrates ? 0.6 : 1), cancelled);
        if (!calibration.labelled().isEmpty()) {
            model = model.calibrateOnLabelled(calibration.labelled(), progress.range(0.6, 1), cancelled);
        } else if (calibrates) {
            model = model.calibrateOnGood(calibration.good(), settings.falseAlarmRate(), progress.range(0.6, 1), cancelled);
        }
        return model;
    }

    /** A test folder in MVTec layout (good + defect subfolders, masks beside) calibrates on both kinds. */
    private static Optional<List<LabelledImage>> labelled(Optional<Path> calibration) throws DetectException {
        if (calibration.isEmpty() || !Files.isDirectory(calibration.get().resolve("good"))) {
            return Optional.empty();
        }
        Path root = calibration.get().getParent();
        if (root == null || !Files.isDirectory(root.resolve("train/good"))) {
            return Optional.empty();
        }
        List<LabelledImage> test = MvtecDataset.open(root, true).test();
        return test.isEmpty() ? Optional.empty() : Optional.of(test);
    }

    private static List<Path> imagesOrNone(Path folder) {
        try {
            return images(folder);
        } catch (DetectException e) {
            LOG.warn("Calibration folder unusable ({}); the threshold comes from held-out training images", e.getMessage());
            return List.of();
        }
    }

    static List<Path> images(Path folder) throws DetectException {
        if (!Files.isDirectory(folder)) {
            throw new DetectException("The recipe's good-image folder " + folder + " does not exist. "
                    + "Point detector.trainImages at a folder of images of good parts.");
        }
        try {
            List<Path> images = ImageFiles.list(folder);
            if (images.isEmpty()) {
                throw new DetectException("The good-image folder " + folder + " has no images (" + ImageFiles.FORMATS + ").");
            }
            return images;
        } catch (IOException e) {
            throw new DetectException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Changes whenever the recipe, its detector settings, the backbone or the set of good images change. */
    private static String key(Recipe recipe, Backbone backbone, List<Path> good) {
        try {
            MessageDigest sha = Hashes.sha256();
            sha.update((recipe.name() + "|" + recipe.version() + "|" + recipe.detector() + "|" + backbone.descriptor().featureContract()
                    + "|preprocessing " + PatchCoreModel.PREPROCESSING)
                    .getBytes(StandardCharsets.UTF_8));
            for (Path p : good) {
                sha.update((p.getFileName() + "|" + Files.size(p) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return Hashes.hex(sha).substring(0, 12);
        } catch (Exception e) {
            return "v" + recipe.version();
        }
    }
}
