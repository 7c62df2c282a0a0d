package io.kensa.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Thresholds and colour scale of a trained model, fixed once so that scores and colours mean the same on
 * every frame.
 *
 * <p>Image and pixel thresholds are calibrated separately (the image score is a re-weighted patch distance,
 * the map a blurred one, so their natural thresholds differ). The map a detector reports is multiplied by
 * {@link #mapScale()} so that its pixel threshold coincides with the image threshold: {@code map > threshold}
 * then marks the anomalous regions and a single number drives the verdict, the outlines and the colour legend.
 *
 * <ul>
 *   <li>Good images only (held out from the memory bank): threshold = max(empirical (1−far) quantile,
 *       mean + z(1−far)·sd) of the good scores — the Gaussian term keeps a small sample from giving a
 *       threshold right at its largest score. The pixel threshold applies the same rule to each good map's
 *       maximum, so a region appears on a good image about as often as a false alarm.</li>
 *   <li>With defect images: the image threshold with the best F1 (anomalib's adaptive threshold); the
 *       pixel threshold with the best pixel F1 when masks exist, else the good-image rule above.</li>
 *   <li>Colours: {@code colourLow} = median map value of good images, {@code colourHigh} = low + 2·(threshold − low),
 *       so the threshold is always the middle colour.</li>
 * </ul>
 *
 * @param method how the numbers were obtained, for people (e.g. "12 held-out good images, 1% false alarms")
 */
public record Calibration(double imageThreshold, double pixelThreshold, double colourLow, double colourHigh,
                          String method) {

    /** Multiplier from raw map values to reported map values (pixel threshold ↦ image threshold). */
    public double mapScale() {
        return pixelThreshold > 0 ? imageThreshold / pixelThreshold : 1;
    }

    /**
     * This calibration with the image threshold moved to {@code threshold} (set by hand on a score histogram). The
     * pixel threshold stays, so the outlined regions are the same; the map scale follows the image threshold and so
     * do the colours (low scaled with it, the threshold kept as the middle colour).
     */
    public Calibration withImageThreshold(double threshold, String method) {
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("An image threshold must be a positive number, not " + threshold);
        }
        double low = imageThreshold > 0 && !Double.isInfinite(imageThreshold) ? colourLow * threshold / imageThreshold
                : threshold / 2;
        if (low >= threshold) {
            low = threshold / 2;
        }
        return new Calibration(threshold, pixelThreshold, low, low + 2 * (threshold - low), method);
    }

    /** Calibration from held-out good images alone at a chosen false-alarm rate (e.g. 0.01). */
    public static Calibration fromGood(double[] goodScores, List<float[]> goodMaps, double falseAlarmRate)
            throws DetectException {
        if (goodScores.length == 0) {
            throw new DetectException("Calibration needs at least one held-out good image.");
        }
        double image = goodRule(goodScores, falseAlarmRate);
        double pixel = goodRule(maxima(goodMaps), falseAlarmRate);
        return withColours(image, pixel, goodMaps, String.format(java.util.Locale.ROOT,
                "%d held-out good images, %.2f%% false alarms", goodScores.length, 100 * falseAlarmRate));
    }

    /**
     * Calibration from labelled images (good and defective). {@code masks} holds, per image, a ground-truth mask
     * at the map's resolution, or an empty array when the image has none; good images count as all-zero masks.
     */
    public static Calibration fromLabelled(double[] scores, boolean[] defective, List<float[]> maps,
                                           List<boolean[]> masks, double falseAlarmRate) throws DetectException {
        List<float[]> goodMaps = new ArrayList<>();
        int defects = 0;
        for (int i = 0; i < scores.length; i++) {
            if (defective[i]) {
                defects++;
            } else {
                goodMaps.add(maps.get(i));
            }
        }
        if (defects == 0 || goodMaps.isEmpty()) {
            throw new DetectException("F1 calibration needs both good and defect images; found "
                    + goodMaps.size() + " good and " + defects + " defect images.");
        }
        double image = Metrics.bestF1(scores, defective).threshold();
        int pixelCount = 0;
        boolean anyMask = false;
        for (int i = 0; i < scores.length; i++) {
            if (defective[i] && masks.get(i).length > 0) {
                anyMask = true;
            }
            if (!defective[i] || masks.get(i).length > 0) {
                pixelCount += maps.get(i).length;
            }
        }
        double pixel;
        String method;
        if (anyMask) {
            float[] values = new float[pixelCount];
            boolean[] labels = new boolean[pixelCount];
            int o = 0;
            for (int i = 0; i < scores.length; i++) {
                if (defective[i] && masks.get(i).length == 0) {
                    continue;
                }
                float[] m = maps.get(i);
                System.arraycopy(m, 0, values, o, m.length);
                if (defective[i]) {
                    System.arraycopy(masks.get(i), 0, labels, o, m.length);
                }
                o += m.length;
            }
            pixel = Metrics.bestF1(values, labels).threshold();
            method = "F1-optimal on " + scores.length + " labelled images (pixel threshold from masks)";
        } else {
            pixel = goodRule(maxima(goodMaps), falseAlarmRate);
            method = "F1-optimal on " + scores.length + " labelled images (pixel threshold from good images)";
        }
        return withColours(image, pixel, goodMaps, method);
    }

    private static Calibration withColours(double image, double pixel, List<float[]> goodMaps, String method) {
        double scale = pixel > 0 ? image / pixel : 1;
        double low = median(goodMaps) * scale;
        if (low >= image) {
            low = image / 2;
        }
        return new Calibration(image, pixel, low, low + 2 * (image - low), method);
    }

    /** The good-images rule: max(empirical (1−far) quantile, mean + z(1−far)·sd) of the good scores. */
    public static double goodRule(double[] good, double falseAlarmRate) {
        double[] s = good.clone();
        Arrays.sort(s);
        double q = 1 - falseAlarmRate;
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos), hi = Math.min(lo + 1, s.length - 1);
        double empirical = s[lo] + (s[hi] - s[lo]) * (pos - lo);
        double mean = Arrays.stream(s).average().orElse(0);
        double sd = s.length > 1 ? Math.sqrt(Arrays.stream(s).map(v -> (v - mean) * (v - mean)).sum() / (s.length - 1)) : 0;
        return Math.max(empirical, mean + normalQuantile(q) * sd);
    }

    private static double[] maxima(List<float[]> maps) {
        double[] m = new double[maps.size()];
        for (int i = 0; i < m.length; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (float v : maps.get(i)) {
                max = Math.max(max, v);
            }
            m[i] = max;
        }
        return m;
    }

    private static double median(List<float[]> maps) {
        int n = maps.stream().mapToInt(a -> a.length).sum();
        float[] all = new float[n];
        int o = 0;
        for (float[] m : maps) {
            System.arraycopy(m, 0, all, o, m.length);
            o += m.length;
        }
        Arrays.sort(all);
        return n == 0 ? 0 : all[n / 2];
    }

    /** Inverse standard normal CDF (Acklam's rational approximation, |error| &lt; 1.2e-9). */
    static double normalQuantile(double p) {
        if (p <= 0 || p >= 1) {
            throw new IllegalArgumentException("false-alarm rate must be between 0 and 1, exclusive");
        }
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
                -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
                -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
                4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double pl = 0.02425;
        if (p < pl) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - pl) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        double q = p - 0.5, r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}
