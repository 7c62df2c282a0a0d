package io.kensa.review;

import io.kensa.model.ReviewCase;
import java.util.Arrays;
import java.util.List;

/**
 * Detector scores of accepted and of overridden cases, as a histogram of score ÷ threshold (1.0 is the threshold,
 * so recipes with different thresholds share one axis). Overrides piling up just above 1.0 say the threshold is
 * too low; overrides of normal-looking scores say the detector misses something.
 *
 * @param binWidth    width of each bin in score ÷ threshold
 * @param accepted    accepted cases per bin; the last bin holds everything from its lower edge up
 * @param overridden  overridden cases per bin
 * @param unscored    cases whose score or threshold is not a usable number (counted, not drawn)
 */
public record ScoreDistribution(double binWidth, List<Long> accepted, List<Long> overridden, long unscored) {
    public static final double BIN_WIDTH = 0.1;
    public static final int BINS = 30;

    public ScoreDistribution {
        accepted = List.copyOf(accepted);
        overridden = List.copyOf(overridden);
    }

    public static ScoreDistribution of(List<ReviewCase> cases) {
        long[] accepted = new long[BINS];
        long[] overridden = new long[BINS];
        long unscored = 0;
        for (ReviewCase c : cases) {
            double ratio = c.inspection().score() / c.inspection().threshold();
            if (!(c.inspection().threshold() > 0) || !Double.isFinite(ratio)) {
                unscored++;
                continue;
            }
            int bin = (int) Math.min(BINS - 1, Math.max(0, Math.floor(ratio / BIN_WIDTH)));
            (c.overridden() ? overridden : accepted)[bin]++;
        }
        return new ScoreDistribution(BIN_WIDTH, Arrays.stream(accepted).boxed().toList(),
                Arrays.stream(overridden).boxed().toList(), unscored);
    }

    /** The lower edge of a bin, in score ÷ threshold. */
    public double lowerEdge(int bin) {
        return bin * binWidth;
    }
}
