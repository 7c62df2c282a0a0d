package io.kensa.detect;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;

/** Scores a labelled test set with a model and reports anomalib's metrics. */
public final class Evaluation {
    private Evaluation() {}

    /**
     * @param pixelAuroc        over all pixels of good images (all-zero masks) and defect images with masks
     * @param f1                at the model's calibrated threshold
     * @param f1Max             at the best threshold for this test set (anomalib's F1 with adaptive threshold)
     * @param scoreMsPerImage   backbone + nearest neighbours + map per image, excluding reading the file
     */
    public record Result(double imageAuroc, OptionalDouble pixelAuroc, double f1, double f1Max, double threshold,
                         double scoreMsPerImage, double backboneMs, double knnMs, double mapMs, int goodImages,
                         int defectImages, String device) {}

    /** Scores every test image with a fresh detector of {@code model}, then computes the metrics. */
    public static Result evaluate(PatchCoreModel model, List<LabelledImage> test, Progress progress,
                                  BooleanSupplier cancelled) throws DetectException {
        List<Detection> detections = new ArrayList<>();
        try (Detector detector = model.detector()) {
            for (int i = 0; i < test.size(); i++) {
                Cancellation.check(cancelled, "Evaluation");
                BufferedImage image = Images.read(test.get(i).image());
                detections.add(detector.detect(image));
                progress.update((i + 1.0) / test.size(), "scoring test image " + (i + 1) + "/" + test.size());
            }
        }
        return metrics(test, detections);
    }

    /** Metrics of detections already made ({@code detections.get(i)} belongs to {@code test.get(i)}). */
    public static Result metrics(List<LabelledImage> test, List<Detection> detections) throws DetectException {
        double[] scores = new double[test.size()];
        boolean[] defective = new boolean[test.size()];
        List<float[]> pixelValues = new ArrayList<>();
        List<boolean[]> pixelLabels = new ArrayList<>();
        double backbone = 0, knn = 0, map = 0, threshold = 0;
        int good = 0;
        String device = "";
        for (int i = 0; i < test.size(); i++) {
            LabelledImage t = test.get(i);
            Detection d = detections.get(i);
            scores[i] = d.score();
            defective[i] = t.defective();
            good += t.defective() ? 0 : 1;
            backbone += d.timings().backboneMs();
            knn += d.timings().nearestNeighbourMs();
            map += d.timings().mapMs();
            device = d.device();
            threshold = d.threshold();
            if (!t.defective()) {
                pixelValues.add(d.map().values());
                pixelLabels.add(new boolean[d.map().values().length]);
            } else if (t.mask().isPresent()) {
                pixelValues.add(d.map().values());
                pixelLabels.add(Masks.read(t.mask().get(), d.map().width(), d.map().height()));
            }
        }
        boolean anyMask = test.stream().anyMatch(t -> t.defective() && t.mask().isPresent());
        double pixels = anyMask ? pixelAuroc(pixelValues, pixelLabels) : Double.NaN;
        // undefined when no mask marks a defect pixel (e.g. all masks empty): reported as absent, never as NaN
        OptionalDouble pixelAuroc = Double.isNaN(pixels) ? OptionalDouble.empty() : OptionalDouble.of(pixels);
        int n = Math.max(1, test.size());
        return new Result(Metrics.auroc(scores, defective), pixelAuroc, Metrics.f1(scores, defective, threshold),
                Metrics.bestF1(scores, defective).f1(), threshold,
                (backbone + knn + map) / n, backbone / n, knn / n, map / n, good, test.size() - good, device);
    }

    private static double pixelAuroc(List<float[]> values, List<boolean[]> labels) {
        int total = values.stream().mapToInt(v -> v.length).sum();
        float[] v = new float[total];
        boolean[] l = new boolean[total];
        int o = 0;
        for (int i = 0; i < values.size(); i++) {
            System.arraycopy(values.get(i), 0, v, o, values.get(i).length);
            System.arraycopy(labels.get(i), 0, l, o, labels.get(i).length);
            o += values.get(i).length;
        }
        return Metrics.auroc(v, l);
    }
}
