package io.kensa.detect;

import ai.djl.ndarray.NDManager;
import io.kensa.util.Hashes;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * A trained PatchCore model: memory bank of good patch features, calibration and training summary, tied to one
 * backbone (by sha256). Immutable: {@link #addGoodImages} and the calibrate methods return new models.
 * The backbone is borrowed, not owned; keep it open while the model or its detectors are in use.
 */
public final class PatchCoreModel {
    private static final Calibration UNCALIBRATED =
            new Calibration(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 1, "not calibrated");

    /**
     * Version of how images become model inputs (resizing, channels). A bank built with another version gives other
     * features and its threshold no longer fits, so bundles and the station's model cache carry it.
     * 2: halving before any reduction of 2× or more (was 4×).
     */
    public static final int PREPROCESSING = 2;

    private final Backbone backbone;
    private final TrainSettings settings;
    private final FeatureExtractor extractor;
    private final float[] bank;
    private final int rows;
    private final Calibration calibration;
    private final TrainingSummary summary;

    PatchCoreModel(Backbone backbone, TrainSettings settings, float[] bank, int rows, Calibration calibration,
                   TrainingSummary summary) throws DetectException {
        this.backbone = backbone;
        this.settings = settings;
        this.extractor = new FeatureExtractor(backbone, settings.inputSize(), settings.featureProjectionDim(), settings.seed());
        if ((long) rows * extractor.dim() != bank.length) {
            throw new IllegalArgumentException("bank of " + bank.length + " floats is not " + rows + "x" + extractor.dim());
        }
        this.bank = bank;
        this.rows = rows;
        this.calibration = calibration;
        this.summary = summary;
    }

    /**
     * Trains on good images: a share ({@link TrainSettings#holdOutFraction()}) is held out, the rest builds the
     * memory bank, the held-out images calibrate the threshold at {@link TrainSettings#falseAlarmRate()} and are
     * then added to the bank.
     */
    public static PatchCoreModel train(Backbone backbone, List<Path> goodImages, TrainSettings settings,
                                       Progress progress, BooleanSupplier cancelled) throws DetectException {
        long start = System.nanoTime();
        if (goodImages.isEmpty()) {
            throw new DetectException("There are no good images to train on. Add images of good parts (at least 2).");
        }
        if (goodImages.size() < 2) {
            throw new DetectException("Only one good image (" + goodImages.get(0) + "): at least 2 are needed,"
                    + " one of them to calibrate the threshold.");
        }
        int n = goodImages.size();
        int hold = settings.holdOutFraction() > 0
                ? (int) Math.max(1, Math.min(n - 1, Math.round(n * settings.holdOutFraction()))) : 0;
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new Random(settings.seed()));
        boolean[] held = new boolean[n];
        for (int i = 0; i < hold; i++) {
            held[order.get(i)] = true;
        }
        List<Path> bankImages = new ArrayList<>(), heldImages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            (held[i] ? heldImages : bankImages).add(goodImages.get(i));
        }
        double bankShare = hold > 0 ? 0.75 : 0.9;
        BankBuilder builder = new BankBuilder(backbone, settings, new float[0], 0, BankBuilder.Stats.EMPTY);
        builder.add(bankImages, progress.range(0, bankShare), cancelled);
        PatchCoreModel model = new PatchCoreModel(backbone, settings, builder.bank(), builder.rows(), UNCALIBRATED,
                builder.summary(0));
        List<Path> calibrationImages = hold > 0 ? heldImages : bankImages;
        model = model.calibrateOnGood(calibrationImages, settings.falseAlarmRate(),
                progress.range(bankShare, hold > 0 ? 0.85 : 1), cancelled);
        if (hold > 0) {
            model = model.addGoodImages(heldImages, progress.range(0.85, 1), cancelled);
        }
        TrainingSummary s = model.summary;
        double seconds = (System.nanoTime() - start) / 1e9;
        progress.update(1, "trained on " + n + " images in " + String.format(java.util.Locale.ROOT, "%.1f s", seconds));
        return new PatchCoreModel(backbone, settings, model.bank, model.rows, model.calibration,
                new TrainingSummary(s.images(), s.minWidth(), s.minHeight(), s.maxWidth(), s.maxHeight(), s.grey(),
                        s.namesSha256(), s.trainedAt(), seconds, s.patches(), s.bankRows()));
    }

    /**
     * Adds good images to the memory bank without refitting: their patches form one more coreset chunk, greedily
     * extended from the centres already in the bank (with coreset ratio 1 the bank is exactly the refit's bank).
     * The calibration is kept; recalibrate when the line changed.
     */
    public PatchCoreModel addGoodImages(List<Path> images, Progress progress, BooleanSupplier cancelled)
            throws DetectException {
        if (images.isEmpty()) {
            return this;
        }
        BankBuilder builder = new BankBuilder(backbone, settings, bank, rows, BankBuilder.Stats.of(summary));
        builder.add(images, progress, cancelled);
        return new PatchCoreModel(backbone, settings, builder.bank(), builder.rows(), calibration,
                builder.summary(summary.trainSeconds()));
    }

    /** Recalibrates from good images that are not in the bank, at the given false-alarm rate. */
    public PatchCoreModel calibrateOnGood(List<Path> goodImages, double falseAlarmRate, Progress progress,
                                          BooleanSupplier cancelled) throws DetectException {
        double[] scores = new double[goodImages.size()];
        List<float[]> maps = new ArrayList<>();
        try (PatchCoreRuntime runtime = runtime()) {
            for (int i = 0; i < scores.length; i++) {
                Cancellation.check(cancelled, "Calibration");
                PatchCoreRuntime.Scored s = runtime.score(Images.read(goodImages.get(i)));
                scores[i] = s.score();
                maps.add(s.map());
                progress.update((i + 1.0) / scores.length, "calibrating on good image " + (i + 1) + "/" + scores.length);
            }
        }
        return withCalibration(Calibration.fromGood(scores, maps, falseAlarmRate));
    }

    /** Recalibrates from labelled good and defect images: F1-optimal image and pixel thresholds. */
    public PatchCoreModel calibrateOnLabelled(List<LabelledImage> images, Progress progress, BooleanSupplier cancelled)
            throws DetectException {
        double[] scores = new double[images.size()];
        boolean[] defective = new boolean[images.size()];
        List<float[]> maps = new ArrayList<>();
        List<boolean[]> masks = new ArrayList<>();
        try (PatchCoreRuntime runtime = runtime()) {
            for (int i = 0; i < scores.length; i++) {
                Cancellation.check(cancelled, "Calibration");
                LabelledImage li = images.get(i);
                PatchCoreRuntime.Scored s = runtime.score(Images.read(li.image()));
                scores[i] = s.score();
                defective[i] = li.defective();
                maps.add(s.map());
                masks.add(li.defective() && li.mask().isPresent()
                        ? Masks.read(li.mask().get(), s.mapWidth(), s.mapHeight()) : new boolean[0]);
                progress.update((i + 1.0) / scores.length, "calibrating on labelled image " + (i + 1) + "/" + scores.length);
            }
        }
        return withCalibration(Calibration.fromLabelled(scores, defective, maps, masks, settings.falseAlarmRate()));
    }

    /** This model with another calibration (e.g. a threshold QA set on the score histogram); the bank is shared. */
    public PatchCoreModel withCalibration(Calibration c) throws DetectException {
        return new PatchCoreModel(backbone, settings, bank, rows, c, summary);
    }

    /** Image scores (the units of {@link Calibration#imageThreshold()}) of images, in order. */
    public double[] scores(List<Path> images, Progress progress, BooleanSupplier cancelled) throws DetectException {
        double[] scores = new double[images.size()];
        try (PatchCoreRuntime runtime = runtime()) {
            for (int i = 0; i < scores.length; i++) {
                Cancellation.check(cancelled, "Scoring");
                scores[i] = runtime.score(Images.read(images.get(i))).score();
                progress.update((i + 1.0) / scores.length, "scoring image " + (i + 1) + "/" + scores.length);
            }
        }
        return scores;
    }

    /** A detector for one worker thread; close it when done (it owns a native copy of the bank). */
    public Detector detector() {
        return new PatchCoreDetector(runtime(), calibration, backbone.device());
    }

    PatchCoreRuntime runtime() {
        return new PatchCoreRuntime(extractor, settings, bank, rows, summary.grey());
    }

    /** Writes the model bundle (one zip file) atomically. */
    public void save(Path file) throws DetectException {
        ModelBundle.write(file, this);
    }

    /** Reads a bundle; fails with a clear message when it was trained with a different backbone. */
    public static PatchCoreModel load(Path file, Backbone backbone) throws DetectException {
        return ModelBundle.read(file, backbone);
    }

    public TrainSettings settings() {
        return settings;
    }

    public Calibration calibration() {
        return calibration;
    }

    public TrainingSummary summary() {
        return summary;
    }

    public Backbone backbone() {
        return backbone;
    }

    /** Patches in the memory bank. */
    public int bankRows() {
        return rows;
    }

    public int featureDim() {
        return extractor.dim();
    }

    float[] bank() {
        return bank;
    }

    /** Embeds images chunk by chunk and grows a coreset bank; also collects the training-set summary. */
    static final class BankBuilder {
        private final TrainSettings settings;
        private final FeatureExtractor extractor;
        private final CoresetSampler sampler;
        private final Backbone backbone;
        private float[] bank;
        private int rows;
        private Stats stats;

        /** Running training-set summary. */
        record Stats(int images, int minW, int minH, int maxW, int maxH, int grey, String firstFile, String namesSha256,
                     long patches) {
            static final Stats EMPTY = new Stats(0, Integer.MAX_VALUE, Integer.MAX_VALUE, 0, 0, -1, "", "", 0);

            static Stats of(TrainingSummary s) {
                return new Stats(s.images(), s.minWidth(), s.minHeight(), s.maxWidth(), s.maxHeight(),
                        s.grey() ? 1 : 0, "", s.namesSha256(), s.patches());
            }

            TrainingSummary summary(double trainSeconds, int bankRows) {
                return new TrainingSummary(images, minW, minH, maxW, maxH, grey == 1, namesSha256,
                        Instant.now().toString(), trainSeconds, patches, bankRows);
            }
        }

        BankBuilder(Backbone backbone, TrainSettings settings, float[] bank, int rows, Stats stats) throws DetectException {
            this.backbone = backbone;
            this.settings = settings;
            this.extractor = new FeatureExtractor(backbone, settings.inputSize(), settings.featureProjectionDim(), settings.seed());
            this.sampler = new CoresetSampler(extractor.dim(), settings.coresetProjectionDim(), settings.seed());
            this.bank = bank;
            this.rows = rows;
            this.stats = stats;
        }

        float[] bank() {
            return bank;
        }

        int rows() {
            return rows;
        }

        TrainingSummary summary(double trainSeconds) {
            return stats.summary(trainSeconds, rows);
        }

        void add(List<Path> images, Progress progress, BooleanSupplier cancelled) throws DetectException {
            int dim = extractor.dim();
            FloatBuffer chunk = new FloatBuffer();
            List<BufferedImage> pending = new ArrayList<>();
            MessageDigest names = Hashes.sha256();
            names.update(stats.namesSha256().getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < images.size(); i++) {
                Cancellation.check(cancelled, "Training");
                Path file = images.get(i);
                BufferedImage image = Images.read(file);
                note(file, image);
                names.update(("\n" + file.getFileName()).getBytes(StandardCharsets.UTF_8));
                Tiling.Layout layout = settings.tiling().layout(image.getWidth(), image.getHeight());
                pending.addAll(PatchCoreRuntime.inputs(image, layout, extractor.inputSize()));
                boolean last = i == images.size() - 1;
                if (pending.size() >= settings.batchSize() || last) {
                    embed(pending, chunk);
                    pending.clear();
                    progress.update((i + 1.0) / images.size(), "embedding good image " + (i + 1) + "/" + images.size());
                }
                if (chunk.size() / dim >= settings.chunkPatches() || (last && chunk.size() > 0)) {
                    progress.update((i + 1.0) / images.size(), "selecting coreset (" + chunk.size() / dim + " patches)");
                    select(chunk.toArray(), chunk.size() / dim);
                    chunk.clear();
                }
            }
            stats = new Stats(stats.images(), stats.minW(), stats.minH(), stats.maxW(), stats.maxH(), stats.grey(),
                    stats.firstFile(), Hashes.hex(names), stats.patches());
        }

        private void note(Path file, BufferedImage image) throws DetectException {
            int grey = Images.isGrey(image) ? 1 : 0;
            if (stats.grey() >= 0 && grey != stats.grey()) {
                String first = stats.firstFile().isEmpty() ? "the model's training images" : stats.firstFile();
                throw new DetectException("Image " + file + " is " + (grey == 1 ? "greyscale" : "colour") + " but "
                        + first + (stats.firstFile().isEmpty() ? " are " : " is ") + (grey == 1 ? "colour" : "greyscale")
                        + ": train a model on one kind only. Convert or remove " + file.getFileName() + ".");
            }
            stats = new Stats(stats.images() + 1, Math.min(stats.minW(), image.getWidth()),
                    Math.min(stats.minH(), image.getHeight()), Math.max(stats.maxW(), image.getWidth()),
                    Math.max(stats.maxH(), image.getHeight()), grey,
                    stats.grey() < 0 ? file.toString() : stats.firstFile(), stats.namesSha256(), stats.patches());
        }

        private void embed(List<BufferedImage> inputs, FloatBuffer chunk) {
            for (int b = 0; b < inputs.size(); b += settings.batchSize()) {
                try (NDManager m = backbone.newManager()) {
                    chunk.append(extractor.embed(m, inputs.subList(b, Math.min(inputs.size(), b + settings.batchSize())))
                            .toFloatArray());
                }
            }
        }

        private void select(float[] chunk, int n) {
            int dim = extractor.dim();
            int count = (int) Math.max(1, Math.round(n * settings.coresetRatio()));
            int[] picked;
            try (NDManager m = backbone.newManager()) {
                picked = sampler.select(m, chunk, n, bank, rows, count, rows);
            }
            float[] grown = Arrays.copyOf(bank, (rows + picked.length) * dim);
            for (int i = 0; i < picked.length; i++) {
                System.arraycopy(chunk, picked[i] * dim, grown, (rows + i) * dim, dim);
            }
            bank = grown;
            rows += picked.length;
            stats = new Stats(stats.images(), stats.minW(), stats.minH(), stats.maxW(), stats.maxH(), stats.grey(),
                    stats.firstFile(), stats.namesSha256(), stats.patches() + n);
        }
    }

    /** A growable float array. */
    static final class FloatBuffer {
        private float[] data = new float[1 << 16];
        private int size;

        void append(float[] values) {
            if (size + values.length > data.length) {
                data = Arrays.copyOf(data, Math.max(size + values.length, data.length * 2));
            }
            System.arraycopy(values, 0, data, size, values.length);
            size += values.length;
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return Arrays.copyOf(data, size);
        }

        void clear() {
            size = 0;
        }
    }
}
