package io.kensa.inspect;

import io.kensa.detect.Calibration;
import io.kensa.detect.Metrics;
import java.util.Arrays;
import java.util.Optional;

/**
 * Image scores of good images (each from a model that did not see it) and of defect images, and what a threshold
 * implies on them: an image is flagged when its score is above the threshold.
 *
 * @param good    scores of good images
 * @param defects scores of defect images (empty when there are no labels)
 * @param method  how the scores were obtained, for people (e.g. "4-fold on 30 good images")
 */
public record RecipeTrainingScores(double[] good, double[] defects, String method) {
    public RecipeTrainingScores {
        if (good.length == 0) {
            throw new IllegalArgumentException("No good scores: a threshold needs at least one scored good image");
        }
        good = good.clone();
        defects = defects.clone();
    }

    @Override
    public double[] good() {
        return good.clone();
    }

    @Override
    public double[] defects() {
        return defects.clone();
    }

    public boolean labelled() {
        return defects.length > 0;
    }

    /** Precision, recall and F1 of the defect images (precision 0 when nothing is flagged). */
    public record Labelled(int caught, int missed, double precision, double recall, double f1) {}

    /**
     * What a threshold implies.
     *
     * @param falseAlarms    good images above the threshold
     * @param falseAlarmRate their share of the good images
     * @param labelled       precision/recall/F1 when defect images were scored
     */
    public record Figures(double threshold, int goodImages, int falseAlarms, double falseAlarmRate,
                          Optional<Labelled> labelled) {}

    public Figures at(double threshold) {
        int falseAlarms = above(good, threshold);
        Optional<Labelled> l = Optional.empty();
        if (labelled()) {
            int caught = above(defects, threshold);
            int missed = defects.length - caught;
            double precision = caught + falseAlarms == 0 ? 0 : (double) caught / (caught + falseAlarms);
            double recall = (double) caught / defects.length;
            double f1 = caught == 0 ? 0 : 2.0 * caught / (2.0 * caught + falseAlarms + missed);
            l = Optional.of(new Labelled(caught, missed, precision, recall, f1));
        }
        return new Figures(threshold, good.length, falseAlarms, (double) falseAlarms / good.length, l);
    }

    /** The threshold the good images alone suggest at a tolerated false-alarm rate (the rule training uses). */
    public double thresholdForFalseAlarmRate(double falseAlarmRate) {
        return Calibration.goodRule(good, falseAlarmRate);
    }

    /** The F1-optimal threshold when defect images were scored. */
    public Optional<Double> bestF1Threshold() {
        if (!labelled()) {
            return Optional.empty();
        }
        double[] all = new double[good.length + defects.length];
        boolean[] defective = new boolean[all.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(defects, 0, all, good.length, defects.length);
        Arrays.fill(defective, good.length, all.length, true);
        return Optional.of(Metrics.bestF1(all, defective).threshold());
    }

    /**
     * Counts per bin of equal width from {@code from}; bin {@code i} holds scores in [from + i·width, from + (i+1)·width),
     * the last bin also its upper edge.
     */
    public record Histogram(double from, double width, int[] good, int[] defects) {
        public Histogram {
            good = good.clone();
            defects = defects.clone();
        }

        @Override
        public int[] good() {
            return good.clone();
        }

        @Override
        public int[] defects() {
            return defects.clone();
        }

        public int bins() {
            return good.length;
        }

        public double to() {
            return from + width * good.length;
        }
    }

    /** A histogram over all scores and the given threshold, so the handle is always inside it. */
    public Histogram histogram(int bins, double threshold) {
        double lo = threshold, hi = threshold;
        for (double[] set : new double[][] {good, defects}) {
            for (double s : set) {
                lo = Math.min(lo, s);
                hi = Math.max(hi, s);
            }
        }
        double width = hi > lo ? (hi - lo) / bins : Math.max(Math.abs(lo), 1) / bins;
        return new Histogram(lo, width, count(good, lo, width, bins), count(defects, lo, width, bins));
    }

    private static int[] count(double[] scores, double from, double width, int bins) {
        int[] counts = new int[bins];
        for (double s : scores) {
            counts[Math.max(0, Math.min(bins - 1, (int) Math.floor((s - from) / width)))]++;
        }
        return counts;
    }

    private static int above(double[] scores, double threshold) {
        int n = 0;
        for (double s : scores) {
            if (s > threshold) {
                n++;
            }
        }
        return n;
    }
}
