package io.kensa.cam;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;

/**
 * ROAD-style faithfulness of a Grad-CAM map (Rong et al. 2022, as pytorch-grad-cam's {@code ROADMostRelevantFirst} /
 * {@code ROADLeastRelevantFirst}): remove the top-k% pixels by the map (MoRF) or the bottom-k% (LeRF), impute them
 * from the kept neighbours (normalised convolution, so the removed shape leaks little), and measure how much the
 * class probability drops. A faithful map drops it more for MoRF than for LeRF. Works on the model input
 * ({@code inputSize}²); the map is the chosen stage's Grad-CAM at that resolution.
 */
public final class Faithfulness {
    /** Fractions of pixels removed: 10, 20, 30 and 50 %. */
    public static final List<Double> DEFAULT_FRACTIONS = List.of(0.1, 0.2, 0.3, 0.5);

    private Faithfulness() {}

    /**
     * One image's result. {@code dropMostRelevant[i]} = p(class) − p(class | top {@code fractions[i]} removed),
     * {@code dropLeastRelevant[i]} the same for the least relevant pixels.
     */
    public record Score(int classIndex, String className, double probability, String stage, List<Double> fractions,
                        List<Double> dropMostRelevant, List<Double> dropLeastRelevant) {
        public Score {
            fractions = List.copyOf(fractions);
            dropMostRelevant = List.copyOf(dropMostRelevant);
            dropLeastRelevant = List.copyOf(dropLeastRelevant);
        }

        public double meanDropMostRelevant() {
            return dropMostRelevant.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        public double meanDropLeastRelevant() {
            return dropLeastRelevant.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        }

        /** True when removing the most relevant pixels hurt the class more (averaged over the fractions). */
        public boolean faithful() {
            return meanDropMostRelevant() > meanDropLeastRelevant();
        }
    }

    /**
     * Per class: mean probability drop removing the most vs the least relevant pixels, and how often (fraction of
     * images) the most relevant removal hurt more.
     */
    public record Report(int classIndex, String className, int images, double meanDropMostRelevant,
                         double meanDropLeastRelevant, double faithfulShare) {}

    /** The ROAD scores of one frame for {@code classIndex} (empty: the predicted class) at {@code stage}. */
    public static Score score(GradCam cam, BufferedImage frame, String stage, OptionalInt classIndex) throws CamException {
        return score(cam, frame, stage, classIndex, DEFAULT_FRACTIONS);
    }

    public static Score score(GradCam cam, BufferedImage frame, String stage, OptionalInt classIndex,
                              List<Double> fractions) throws CamException {
        for (double f : fractions) {
            if (!(f > 0 && f < 1)) {
                throw new CamException("Removal fraction " + f + " is not between 0 and 1 (exclusive); use e.g. 0.1 to 0.5.");
            }
        }
        int size = cam.inputSize();
        BufferedImage input = CamInput.scaled(frame, size);
        GradCam.Raw raw = cam.raw(input, List.of(stage), classIndex);
        GradCam.Grid g = raw.grids().get(stage);
        float[] map = CamMaps.resize(g.values(), g.width(), g.height(), size, size);
        Integer[] order = ranking(map);
        int c = raw.classIndex();
        List<Double> most = new ArrayList<>(), least = new ArrayList<>();
        for (double f : fractions) {
            int k = (int) Math.round(f * map.length);
            boolean[] removeTop = new boolean[map.length], removeBottom = new boolean[map.length];
            for (int i = 0; i < k; i++) {
                removeTop[order[i]] = true;
                removeBottom[order[map.length - 1 - i]] = true;
            }
            most.add(raw.probability() - cam.probabilitiesOfInput(impute(input, removeTop))[c]);
            least.add(raw.probability() - cam.probabilitiesOfInput(impute(input, removeBottom))[c]);
        }
        return new Score(c, cam.classes().get(c), raw.probability(), stage, fractions, most, least);
    }

    /** Scores grouped by explained class, in first-seen order. */
    public static List<Report> summarise(List<Score> scores) {
        Map<Integer, List<Score>> byClass = new LinkedHashMap<>();
        for (Score s : scores) {
            byClass.computeIfAbsent(s.classIndex(), k -> new ArrayList<>()).add(s);
        }
        List<Report> out = new ArrayList<>();
        for (List<Score> group : byClass.values()) {
            double most = group.stream().mapToDouble(Score::meanDropMostRelevant).average().orElse(0);
            double least = group.stream().mapToDouble(Score::meanDropLeastRelevant).average().orElse(0);
            double share = group.stream().filter(Score::faithful).count() / (double) group.size();
            out.add(new Report(group.get(0).classIndex(), group.get(0).className(), group.size(), most, least, share));
        }
        return out;
    }

    /** One report over {@code scores} under {@code name} (e.g. a labelled folder whose images were explained as several classes). */
    public static Report pooled(String name, List<Score> scores) {
        double most = scores.stream().mapToDouble(Score::meanDropMostRelevant).average().orElse(0);
        double least = scores.stream().mapToDouble(Score::meanDropLeastRelevant).average().orElse(0);
        double share = scores.isEmpty() ? 0 : scores.stream().filter(Score::faithful).count() / (double) scores.size();
        return new Report(scores.isEmpty() ? -1 : scores.get(0).classIndex(), name, scores.size(), most, least, share);
    }

    /** Pixel indices from most to least relevant; ties (e.g. the zeros left by ReLU) in a fixed random order. */
    static Integer[] ranking(float[] map) {
        Random r = new Random(42);
        double[] key = new double[map.length];
        float max = 0;
        for (float v : map) {
            max = Math.max(max, v);
        }
        double eps = Math.max(max, 1e-12) * 1e-6;
        for (int i = 0; i < map.length; i++) {
            key[i] = map[i] + eps * r.nextDouble();
        }
        Integer[] order = new Integer[map.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(key[b], key[a]));
        return order;
    }

    /**
     * The image with {@code removed} pixels replaced by a normalised convolution of the kept ones (box-blurred
     * kept values / box-blurred kept mask), taking the smallest radius that reaches kept pixels.
     */
    static BufferedImage impute(BufferedImage rgb, boolean[] removed) {
        int w = rgb.getWidth(), h = rgb.getHeight(), n = w * h;
        int[] px = rgb.getRGB(0, 0, w, h, null, 0, w);
        float[][] channel = new float[3][n];
        float[] keep = new float[n];
        for (int i = 0; i < n; i++) {
            keep[i] = removed[i] ? 0 : 1;
            for (int c = 0; c < 3; c++) {
                channel[c][i] = keep[i] * ((px[i] >> (16 - 8 * c)) & 0xff);
            }
        }
        float[][] result = new float[3][n];
        boolean[] done = new boolean[n];
        for (int i = 0; i < n; i++) {
            done[i] = !removed[i];
        }
        for (int radius = 2; radius <= Math.max(w, h); radius *= 2) {
            float[] den = boxBlur(keep, w, h, radius);
            float[][] num = new float[3][];
            for (int c = 0; c < 3; c++) {
                num[c] = boxBlur(channel[c], w, h, radius);
            }
            boolean all = true;
            for (int i = 0; i < n; i++) {
                if (done[i]) {
                    continue;
                }
                if (den[i] > 0.05f) {
                    for (int c = 0; c < 3; c++) {
                        result[c][i] = num[c][i] / den[i];
                    }
                    done[i] = true;
                } else {
                    all = false;
                }
            }
            if (all) {
                break;
            }
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] o = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < n; i++) {
            if (!removed[i]) {
                o[i] = px[i] & 0xffffff;
            } else {
                int r = clamp(result[0][i]), g = clamp(result[1][i]), b = clamp(result[2][i]);
                o[i] = (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }

    /** Mean over a (2r+1)² window (clipped at the borders), separable with running sums. */
    private static float[] boxBlur(float[] src, int w, int h, int r) {
        float[] tmp = new float[w * h], out = new float[w * h];
        for (int y = 0; y < h; y++) {
            double sum = 0;
            int row = y * w;
            for (int x = 0; x <= Math.min(r, w - 1); x++) {
                sum += src[row + x];
            }
            for (int x = 0; x < w; x++) {
                tmp[row + x] = (float) (sum / (2 * r + 1));
                if (x + r + 1 < w) {
                    sum += src[row + x + r + 1];
                }
                if (x - r >= 0) {
                    sum -= src[row + x - r];
                }
            }
        }
        for (int x = 0; x < w; x++) {
            double sum = 0;
            for (int y = 0; y <= Math.min(r, h - 1); y++) {
                sum += tmp[y * w + x];
            }
            for (int y = 0; y < h; y++) {
                out[y * w + x] = (float) (sum / (2 * r + 1));
                if (y + r + 1 < h) {
                    sum += tmp[(y + r + 1) * w + x];
                }
                if (y - r >= 0) {
                    sum -= tmp[(y - r) * w + x];
                }
            }
        }
        return out;
    }
}
