package io.kensa.detect;

import java.util.Arrays;

/** Detection metrics as anomalib reports them: AUROC (ties count half) and F1, for images or pixels. */
public final class Metrics {
    private Metrics() {}

    /** A threshold and the F1 it gives (anomalous when score &gt; threshold). */
    public record F1Point(double threshold, double f1) {}

    public static double auroc(double[] scores, boolean[] positive) {
        return auroc(toFloat(scores), positive);
    }

    /** Area under the ROC curve; NaN when one class is missing. */
    public static double auroc(float[] scores, boolean[] positive) {
        long[] packed = pack(scores, positive);
        long pos = 0, neg = 0;
        for (boolean p : positive) {
            if (p) {
                pos++;
            } else {
                neg++;
            }
        }
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        double area = 0;
        long negBelow = 0;
        for (int i = 0; i < packed.length; ) {
            int j = i;
            long gp = 0, gn = 0;
            while (j < packed.length && (packed[j] >> 1) == (packed[i] >> 1)) {
                if ((packed[j] & 1) == 1) {
                    gp++;
                } else {
                    gn++;
                }
                j++;
            }
            area += gp * (negBelow + gn / 2.0);
            negBelow += gn;
            i = j;
        }
        return area / ((double) pos * neg);
    }

    public static double f1(double[] scores, boolean[] positive, double threshold) {
        long tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] > threshold;
            if (predicted && positive[i]) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (positive[i]) {
                fn++;
            }
        }
        return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }

    public static F1Point bestF1(double[] scores, boolean[] positive) {
        return bestF1(toFloat(scores), positive);
    }

    /** The threshold with the highest F1, half-way between the two scores it separates. */
    public static F1Point bestF1(float[] scores, boolean[] positive) {
        long[] packed = pack(scores, positive);
        long totalPos = 0;
        for (boolean p : positive) {
            if (p) {
                totalPos++;
            }
        }
        // walk from the highest score down; everything above the cut is predicted anomalous
        long tp = 0, fp = 0;
        double bestF1 = 0;
        double bestThreshold = packed.length == 0 ? 0 : value(packed[packed.length - 1]);
        for (int i = packed.length - 1; i >= 0; ) {
            int j = i;
            while (j >= 0 && (packed[j] >> 1) == (packed[i] >> 1)) {
                if ((packed[j] & 1) == 1) {
                    tp++;
                } else {
                    fp++;
                }
                j--;
            }
            double f1 = tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + (totalPos - tp));
            if (f1 > bestF1) {
                bestF1 = f1;
                double here = value(packed[i]);
                bestThreshold = j >= 0 ? (here + value(packed[j])) / 2 : Math.nextDown(here);
            }
            i = j;
        }
        return new F1Point(bestThreshold, bestF1);
    }

    /** Sortable (score, label) pairs: non-negative float bits order like the floats; label in the low bit. */
    private static long[] pack(float[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + positive.length + " labels");
        }
        long[] packed = new long[scores.length];
        for (int i = 0; i < scores.length; i++) {
            packed[i] = ((long) sortable(scores[i]) << 1) | (positive[i] ? 1 : 0);
        }
        Arrays.sort(packed);
        return packed;
    }

    /** Float bits mapped to an int order that matches the float order, also for negatives. */
    private static int sortable(float f) {
        int bits = Float.floatToIntBits(f == 0f ? 0f : f);
        return bits >= 0 ? bits : bits ^ 0x7fffffff;
    }

    private static double value(long packed) {
        int bits = (int) (packed >> 1);
        return Float.intBitsToFloat(bits >= 0 ? bits : bits ^ 0x7fffffff);
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}
