package io.kensa.cam;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.kensa.detect.Backbone;
import io.kensa.detect.BackboneDescriptor;
import io.kensa.detect.DetectException;
import io.kensa.detect.Images;
import io.kensa.detect.Progress;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Trains a {@link ClassifierHead} from a labelled folder: {@code DIR/test/<class>/} (MVTec layout, {@code good} is a
 * class) or {@code DIR/<class>/}. Each image (any size, grey or colour) is scaled to the head's input square like the
 * detector's input, run through the backbone once (plus its mirror image for training, if enabled), and pooled to a
 * feature vector; a class-balanced multinomial logistic regression (softmax, L2 weight decay, full-batch Adam, zero
 * initialisation, so deterministic) is then fitted on the NDArrays with DJL on the CPU. No autograd is used (the
 * gradient of softmax cross-entropy is written out), so training never competes with live Grad-CAM for DJL's
 * process-wide gradient collector.
 */
public final class ClassifierTraining {
    /** The fewest images a class needs (after unreadable ones are skipped). */
    public static final int MIN_IMAGES_PER_CLASS = 3;

    private ClassifierTraining() {}

    /**
     * @param inputSize    side the frame is scaled to (multiple of 32; the detector's default is 256)
     * @param logits       include the backbone's ImageNet logits in the features (besides avg+max pooled stages)
     * @param flip         add horizontally mirrored copies of the training images
     * @param steps        full-batch Adam steps
     * @param learningRate Adam step size
     * @param weightDecay  L2 penalty on the weights (not the bias)
     * @param holdout      share of each class held out to report on in {@link #train}
     * @param seed         seed of the held-out split and the folds
     */
    public record Settings(int inputSize, boolean logits, boolean flip, int steps, double learningRate,
                           double weightDecay, double holdout, long seed) {
        public Settings {
            if (inputSize < 32 || inputSize % 32 != 0) {
                throw new IllegalArgumentException("Classifier input size " + inputSize + " must be a multiple of 32, e.g. 224 or 256.");
            }
            if (steps < 1 || learningRate <= 0 || weightDecay < 0) {
                throw new IllegalArgumentException("Classifier training needs steps >= 1, learning rate > 0 and weight decay >= 0.");
            }
            if (!(holdout > 0 && holdout < 1)) {
                throw new IllegalArgumentException("Held-out share " + holdout + " must be between 0 and 1, e.g. 0.2.");
            }
        }

        public static Settings defaults() {
            return new Settings(256, false, true, 300, 0.01, 0.1, 0.2, 42);
        }

        public Settings withInputSize(int v) {
            return new Settings(v, logits, flip, steps, learningRate, weightDecay, holdout, seed);
        }

        public Settings withLogits(boolean v) {
            return new Settings(inputSize, v, flip, steps, learningRate, weightDecay, holdout, seed);
        }
    }

    /** The labelled images of a folder: class names sorted, one label per image. */
    public record LabelledSet(Path root, List<String> classes, List<Path> images, int[] labels) {
        public LabelledSet {
            classes = List.copyOf(classes);
            images = List.copyOf(images);
            labels = labels.clone();
        }
    }

    /** Pooled features of a labelled set (one row per readable image; {@code flipped} rows match, or null). */
    record Features(List<String> classes, List<Feature> spec, float[][] raw, float[][] flipped, int[] labels,
                    List<String> skipped, double seconds, double msPerImage) {}

    private record Feature(String name) {}

    /** Reads the class folders of {@code dir} ({@code dir/test/<class>/} if {@code dir/test} exists, else {@code dir/<class>/}). */
    public static LabelledSet open(Path dir) throws CamException {
        if (!Files.isDirectory(dir)) {
            throw new CamException("Data folder " + dir + " does not exist or is not a folder. Give a folder with one"
                    + " sub-folder per class (good/, and one per defect), or an MVTec-layout folder with test/<class>/.");
        }
        Path base = Files.isDirectory(dir.resolve("test")) ? dir.resolve("test") : dir;
        List<Path> folders;
        try (Stream<Path> s = Files.list(base)) {
            folders = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        } catch (IOException e) {
            throw new CamException("Cannot list " + base + ": " + e.getMessage() + ".", e);
        }
        if (folders.isEmpty()) {
            throw new CamException("Folder " + base + " has no class folders. Put the images in one sub-folder per class"
                    + " (good/, scratch/, …).");
        }
        if (folders.size() < 2) {
            throw new CamException("Folder " + base + " has only one class ('" + folders.get(0).getFileName() + "'); a"
                    + " classifier needs at least 2 classes (e.g. good/ and one defect folder).");
        }
        List<String> classes = new ArrayList<>();
        List<Path> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path folder : folders) {
            List<Path> files;
            try (Stream<Path> s = Files.list(folder)) {
                files = s.filter(ClassifierTraining::isImageFile).sorted().toList();
            } catch (IOException e) {
                throw new CamException("Cannot list " + folder + ": " + e.getMessage() + ".", e);
            }
            if (files.isEmpty()) {
                throw new CamException("Class folder " + folder + " is empty (no PNG, JPEG, BMP, GIF or TIFF images)."
                        + " Add at least " + MIN_IMAGES_PER_CLASS + " images or remove the folder.");
            }
            if (files.size() < MIN_IMAGES_PER_CLASS) {
                throw new CamException(tooFew(folder, files.size()));
            }
            int label = classes.size();
            classes.add(folder.getFileName().toString());
            for (Path f : files) {
                images.add(f);
                labels.add(label);
            }
        }
        return new LabelledSet(dir, classes, images, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static String tooFew(Path folder, int n) {
        return "Class '" + folder.getFileName() + "' has only " + n + " readable image" + (n == 1 ? "" : "s") + " ("
                + folder + "); at least " + MIN_IMAGES_PER_CLASS + " per class are needed. Add images or remove the folder.";
    }

    private static boolean isImageFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(p) && !n.startsWith(".") && (n.endsWith(".png") || n.endsWith(".jpg")
                || n.endsWith(".jpeg") || n.endsWith(".bmp") || n.endsWith(".gif") || n.endsWith(".tif")
                || n.endsWith(".tiff"));
    }

    /** Runs every image through the backbone once; unreadable images are skipped and named. */
    static Features extract(Backbone backbone, LabelledSet set, Settings settings, Progress progress,
                            BooleanSupplier cancelled) throws CamException {
        BackboneDescriptor d = backbone.descriptor();
        if (!d.input().accepts(settings.inputSize())) {
            throw new CamException("Input size " + settings.inputSize() + " does not suit backbone " + d.name()
                    + ": at least " + d.input().minSize() + " and a multiple of " + d.input().multipleOf() + ".");
        }
        List<ClassifierHead.Feature> spec = ClassifierHead.defaultFeatures(d, settings.logits());
        List<float[]> raw = new ArrayList<>();
        List<float[]> flipped = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        long start = System.nanoTime();
        long originalNanos = 0;
        int n = set.images().size();
        for (int i = 0; i < n; i++) {
            check(cancelled);
            Path file = set.images().get(i);
            progress.update((double) i / n, "Classifier features " + (i + 1) + "/" + n + ": " + file.getFileName());
            long t0 = System.nanoTime();
            BufferedImage image;
            try {
                image = Images.read(file);
            } catch (DetectException e) {
                skipped.add(file + ": " + e.getMessage());
                continue;
            }
            BufferedImage scaled = CamInput.scaled(image, settings.inputSize());
            raw.add(features(backbone, spec, scaled));
            originalNanos += System.nanoTime() - t0;
            if (settings.flip()) {
                flipped.add(features(backbone, spec, mirrored(scaled)));
            }
            labels.add(set.labels()[i]);
        }
        progress.update(1, "Classifier features done (" + raw.size() + " images)");
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        for (int c = 0; c < set.classes().size(); c++) {
            final int cc = c;
            int count = (int) Arrays.stream(y).filter(v -> v == cc).count();
            if (count < MIN_IMAGES_PER_CLASS) {
                Path folder = set.images().stream().filter(p -> p.getParent().getFileName().toString()
                        .equals(set.classes().get(cc))).findFirst().map(Path::getParent).orElse(set.root());
                throw new CamException(tooFew(folder, count) + (skipped.isEmpty() ? "" : " Unreadable: " + skipped + "."));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Features(set.classes(), List.of(), raw.toArray(new float[0][]),
                settings.flip() ? flipped.toArray(new float[0][]) : null, y, skipped, seconds,
                raw.isEmpty() ? 0 : originalNanos / 1e6 / raw.size());
    }

    /** The raw feature vector of one scaled RGB input. */
    static float[] features(Backbone backbone, List<ClassifierHead.Feature> spec, BufferedImage scaled) {
        BackboneDescriptor d = backbone.descriptor();
        float[] chw = CamInput.chw(scaled, d.mean(), d.std());
        try (NDManager m = backbone.newManager()) {
            NDArray x = m.create(chw, new Shape(1, 3, scaled.getHeight(), scaled.getWidth()));
            NDList out = backbone.forward(x);
            return ClassifierHead.rawFeatures(spec, out).toFloatArray();
        }
    }

    static BufferedImage mirrored(BufferedImage rgb) {
        int w = rgb.getWidth(), h = rgb.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] src = rgb.getRGB(0, 0, w, h, null, 0, w);
        int[] dst = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                dst[y * w + x] = src[y * w + (w - 1 - x)] & 0xffffff;
            }
        }
        return out;
    }

    /** A fitted head without report. */
    static ClassifierHead fit(Backbone backbone, List<String> classes, Settings settings, float[][] x, int[] y,
                              BooleanSupplier cancelled) {
        int n = x.length, d = x[0].length, k = classes.size();
        float[] mean = new float[d];
        float[] std = new float[d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= n;
        }
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                double dv = row[j] - mean[j];
                std[j] += (float) (dv * dv);
            }
        }
        for (int j = 0; j < d; j++) {
            std[j] = (float) Math.sqrt(std[j] / n);
            if (!(std[j] > 1e-6f)) {
                std[j] = 1f;
            }
        }
        float[] z = new float[n * d];
        float[] onehot = new float[n * k];
        int[] counts = new int[k];
        for (int v : y) {
            counts[v]++;
        }
        float[] sw = new float[n];
        int present = (int) Arrays.stream(counts).filter(c -> c > 0).count();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                z[i * d + j] = (x[i][j] - mean[j]) / std[j];
            }
            onehot[i * k + y[i]] = 1f;
            sw[i] = 1f / (present * counts[y[i]]); // each class weighs the same; weights sum to 1
        }
        float[][] w = new float[k][d];
        float[] b = new float[k];
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            NDArray zs = m.create(z, new Shape(n, d));
            NDArray ys = m.create(onehot, new Shape(n, k));
            NDArray ws = m.create(sw, new Shape(n, 1));
            NDArray wt = m.zeros(new Shape(k, d));
            NDArray bt = m.zeros(new Shape(1, k));
            NDArray mw = m.zeros(new Shape(k, d)), vw = m.zeros(new Shape(k, d));
            NDArray mb = m.zeros(new Shape(1, k)), vb = m.zeros(new Shape(1, k));
            double b1 = 0.9, b2 = 0.999, eps = 1e-8, lr = settings.learningRate(), lambda = settings.weightDecay();
            for (int t = 1; t <= settings.steps(); t++) {
                if ((t & 31) == 0) {
                    check(cancelled);
                }
                try (NDManager step = m.newSubManager()) {
                    NDArray zt = zs.duplicate();
                    zt.attach(step);
                    NDArray p = zt.matMul(wt.transpose()).add(bt).softmax(1);
                    NDArray g = p.sub(ys).mul(ws);
                    NDArray gw = g.transpose().matMul(zt).add(wt.mul((float) lambda));
                    NDArray gb = g.sum(new int[] {0}, true);
                    gw.attach(step);
                    gb.attach(step);
                    adam(mw, vw, wt, gw, t, b1, b2, eps, lr, step);
                    adam(mb, vb, bt, gb, t, b1, b2, eps, lr, step);
                }
            }
            float[] wf = wt.toFloatArray();
            for (int c = 0; c < k; c++) {
                System.arraycopy(wf, c * d, w[c], 0, d);
            }
            b = bt.toFloatArray();
        }
        BackboneDescriptor desc = backbone.descriptor();
        return new ClassifierHead(classes, ClassifierHead.defaultFeatures(desc, settings.logits()), settings.inputSize(),
                desc.name(), backbone.sha256(), mean, std, w, b, null, null);
    }

    private static void adam(NDArray m1, NDArray v1, NDArray param, NDArray grad, int t, double b1, double b2,
                             double eps, double lr, NDManager step) {
        m1.muli((float) b1).addi(grad.mul((float) (1 - b1)));
        v1.muli((float) b2).addi(grad.square().mul((float) (1 - b2)));
        double c1 = 1 - Math.pow(b1, t), c2 = 1 - Math.pow(b2, t);
        NDArray update = m1.div((float) c1).div(v1.div((float) c2).sqrt().add((float) eps)).mul((float) lr);
        update.attach(step);
        param.subi(update);
    }

    /** Trains on every readable image of {@code dir}; the report is from a stratified held-out split. */
    public static ClassifierHead train(Backbone backbone, Path dir, Settings settings, Progress progress,
                                       BooleanSupplier cancelled) throws CamException {
        long start = System.nanoTime();
        LabelledSet set = open(dir);
        Features f = extract(backbone, set, settings, progress.range(0, 0.9), cancelled);
        int k = f.classes().size();
        Split split = split(f.labels(), k, settings.seed(), settings.holdout());
        int[] test = split.heldOut(), trainIdx = split.train();
        progress.update(0.9, "Fitting the classifier head on " + trainIdx.length + " images, checking on " + test.length);
        ClassifierHead held = fit(backbone, f.classes(), settings, rows(f, trainIdx, settings.flip()),
                labels(f, trainIdx, settings.flip()), cancelled);
        int[] truth = new int[test.length], predicted = new int[test.length];
        for (int i = 0; i < test.length; i++) {
            truth[i] = f.labels()[test[i]];
            predicted[i] = argmax(held.probabilitiesOfFeatures(f.raw()[test[i]]));
        }
        progress.update(0.95, "Fitting the classifier head on all " + f.raw().length + " images");
        int[] all = java.util.stream.IntStream.range(0, f.raw().length).toArray();
        ClassifierHead head = fit(backbone, f.classes(), settings, rows(f, all, settings.flip()),
                labels(f, all, settings.flip()), cancelled);
        double seconds = (System.nanoTime() - start) / 1e9;
        ClassifierReport report = ClassifierReport.of(String.format(Locale.ROOT,
                        "held-out %.0f%% per class (stratified, seed %d); the saved head is refitted on all %d images",
                        100 * settings.holdout(), settings.seed(), f.raw().length),
                f.classes(), truth, predicted, seconds, f.msPerImage(), head.featureSpec(),
                settings.flip() ? "hflip" : "none", f.skipped()).withTiming(f.raw().length, seconds, f.msPerImage());
        progress.update(1, "Classifier trained");
        return head.withReport(report);
    }

    /** Trains on every readable image of {@code set}, without a held-out report (the caller measures the head). */
    public static ClassifierHead fit(Backbone backbone, LabelledSet set, Settings settings, Progress progress,
                                     BooleanSupplier cancelled) throws CamException {
        Features f = extract(backbone, set, settings, progress.range(0, 0.9), cancelled);
        progress.update(0.9, "Fitting the classifier head on " + f.raw().length + " images");
        int[] all = java.util.stream.IntStream.range(0, f.raw().length).toArray();
        ClassifierHead head = fit(backbone, f.classes(), settings, rows(f, all, settings.flip()),
                labels(f, all, settings.flip()), cancelled);
        progress.update(1, "Classifier head fitted");
        return head;
    }

    /**
     * How {@code classifier} does on {@code set}: each readable image classified once (unreadable ones are skipped and
     * named in the report). The report's classes are the set's and the classifier's together, so a class the
     * classifier does not know counts as missed.
     */
    public static ClassifierReport evaluate(Classifier classifier, LabelledSet set, String evaluation, Progress progress,
                                            BooleanSupplier cancelled) throws CamException {
        long start = System.nanoTime();
        java.util.TreeSet<String> names = new java.util.TreeSet<>(set.classes());
        names.addAll(classifier.classes());
        List<String> classes = List.copyOf(names);
        List<Integer> truth = new ArrayList<>(), predicted = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        int n = set.images().size();
        for (int i = 0; i < n; i++) {
            check(cancelled);
            Path file = set.images().get(i);
            progress.update((double) i / n, "Classifying " + (i + 1) + "/" + n + ": " + file.getFileName());
            BufferedImage image;
            try {
                image = Images.read(file);
            } catch (DetectException e) {
                skipped.add(file + ": " + e.getMessage());
                continue;
            }
            truth.add(classes.indexOf(set.classes().get(set.labels()[i])));
            predicted.add(classes.indexOf(classifier.classify(image).className()));
        }
        progress.update(1, "Classified " + truth.size() + " images");
        double seconds = (System.nanoTime() - start) / 1e9;
        return ClassifierReport.of(evaluation, classes, truth.stream().mapToInt(Integer::intValue).toArray(),
                predicted.stream().mapToInt(Integer::intValue).toArray(), seconds,
                truth.isEmpty() ? 0 : seconds * 1000 / truth.size(), classifier.head().featureSpec(), "none", skipped);
    }

    /** Stratified k-fold cross-validation over the labelled images of {@code dir}; each image is predicted once. */
    public static ClassifierReport crossValidate(Backbone backbone, Path dir, int folds, Settings settings,
                                                 Progress progress, BooleanSupplier cancelled) throws CamException {
        if (folds < 2) {
            throw new IllegalArgumentException("Cross-validation needs at least 2 folds; got " + folds + ".");
        }
        long start = System.nanoTime();
        LabelledSet set = open(dir);
        Features f = extract(backbone, set, settings, progress.range(0, 0.8), cancelled);
        return crossValidate(backbone, f, folds, settings, progress.range(0.8, 1), cancelled, start);
    }

    static ClassifierReport crossValidate(Backbone backbone, Features f, int folds, Settings settings,
                                          Progress progress, BooleanSupplier cancelled, long start) {
        int n = f.raw().length, k = f.classes().size();
        int[] fold = foldOf(f.labels(), k, folds, settings.seed());
        int[] predicted = new int[n];
        for (int q = 0; q < folds; q++) {
            check(cancelled);
            progress.update((double) q / folds, "Cross-validation fold " + (q + 1) + "/" + folds);
            final int qq = q;
            int[] trainIdx = java.util.stream.IntStream.range(0, n).filter(i -> fold[i] != qq).toArray();
            int[] testIdx = java.util.stream.IntStream.range(0, n).filter(i -> fold[i] == qq).toArray();
            if (testIdx.length == 0) {
                continue;
            }
            ClassifierHead h = fit(backbone, f.classes(), settings, rows(f, trainIdx, settings.flip()),
                    labels(f, trainIdx, settings.flip()), cancelled);
            for (int i : testIdx) {
                predicted[i] = argmax(h.probabilitiesOfFeatures(f.raw()[i]));
            }
        }
        progress.update(1, "Cross-validation done");
        double seconds = (System.nanoTime() - start) / 1e9;
        return ClassifierReport.of(folds + "-fold stratified cross-validation (seed " + settings.seed() + ")",
                f.classes(), f.labels(), predicted, seconds, f.msPerImage(),
                String.join("+", ClassifierHead.defaultFeatures(backbone.descriptor(), settings.logits()).stream()
                        .map(ClassifierHead.Feature::name).toList()),
                settings.flip() ? "hflip" : "none", f.skipped());
    }

    /** Fold of each image: per class, a seeded shuffle dealt round-robin over the folds. */
    static int[] foldOf(int[] labels, int k, int folds, long seed) {
        int[] fold = new int[labels.length];
        Random r = new Random(seed);
        int offset = 0;
        for (int c = 0; c < k; c++) {
            List<Integer> idx = indicesOf(labels, c);
            Collections.shuffle(idx, r);
            for (int j = 0; j < idx.size(); j++) {
                fold[idx.get(j)] = (offset + j) % folds;
            }
            offset += idx.size(); // so small classes do not all start at fold 0
        }
        return fold;
    }

    /** The images of class {@code c}, in order. */
    private static List<Integer> indicesOf(int[] labels, int c) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == c) {
                idx.add(i);
            }
        }
        return idx;
    }

    /** A stratified split of a labelled set: indices into its images, each sorted. */
    public record Split(int[] heldOut, int[] train) {
        public Split {
            heldOut = heldOut.clone();
            train = train.clone();
        }
    }

    /**
     * Per class round(share·n) held out, at least 1, leaving at least 2 to train (a class of 1 or 2 images keeps 1
     * held out); each class's images are shuffled with {@code seed} first, so the same labels and seed give the same
     * split.
     */
    public static Split split(int[] labels, int k, long seed, double share) {
        Random r = new Random(seed);
        List<Integer> test = new ArrayList<>(), train = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            List<Integer> idx = indicesOf(labels, c);
            Collections.shuffle(idx, r);
            int held = Math.min(idx.size(), Math.max(1, Math.min(idx.size() - 2, (int) Math.round(share * idx.size()))));
            test.addAll(idx.subList(0, held));
            train.addAll(idx.subList(held, idx.size()));
        }
        return new Split(test.stream().mapToInt(Integer::intValue).sorted().toArray(),
                train.stream().mapToInt(Integer::intValue).sorted().toArray());
    }

    private static float[][] rows(Features f, int[] idx, boolean flip) {
        float[][] out = new float[idx.length * (flip ? 2 : 1)][];
        for (int i = 0; i < idx.length; i++) {
            out[i] = f.raw()[idx[i]];
            if (flip) {
                out[idx.length + i] = f.flipped()[idx[i]];
            }
        }
        return out;
    }

    private static int[] labels(Features f, int[] idx, boolean flip) {
        int[] out = new int[idx.length * (flip ? 2 : 1)];
        for (int i = 0; i < idx.length; i++) {
            out[i] = f.labels()[idx[i]];
            if (flip) {
                out[idx.length + i] = f.labels()[idx[i]];
            }
        }
        return out;
    }

    static int argmax(float[] v) {
        return GradCam.argmax(v);
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new CancellationException("Classifier training was cancelled");
        }
    }
}
