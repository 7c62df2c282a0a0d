package io.kensa.review;

import java.util.List;

/**
 * How often inspectors agreed with the machine over a set of standing decisions.
 *
 * @param perMachineClass  by the machine's class, most decisions first
 * @param perOperator      by operator ({@code name (id)}), most decisions first
 * @param perDay           by the day of the decision (ISO date in the summary's time zone), oldest first
 * @param topComments      the most common override comments, most frequent first
 */
public record ReviewSummary(long decided, long accepts, long overrides, List<Rate> perMachineClass,
                           List<Rate> perOperator, List<Rate> perDay, ConfusionMatrix confusion,
                           List<CommentCount> topComments) {
    public ReviewSummary {
        perMachineClass = List.copyOf(perMachineClass);
        perOperator = List.copyOf(perOperator);
        perDay = List.copyOf(perDay);
        topComments = List.copyOf(topComments);
    }

    /** The same figures with only the {@code n} most common comments (they are kept most common first). */
    public ReviewSummary withTopComments(int n) {
        return new ReviewSummary(decided, accepts, overrides, perMachineClass, perOperator, perDay, confusion,
                topComments.subList(0, Math.min(n, topComments.size())));
    }

    /** Share of decisions that accepted the machine's verdict; 0 when there are none. */
    public double acceptRate() {
        return decided == 0 ? 0 : (double) accepts / decided;
    }

    public double overrideRate() {
        return decided == 0 ? 0 : (double) overrides / decided;
    }

    /**
     * Decisions and overrides within one group, with the 95% Wilson interval of its override rate: a rate over a
     * handful of decisions shows as the wide interval it is.
     */
    public record Rate(String key, long decided, long overrides) {
        private static final double Z95 = 1.959964;

        public double overrideRate() {
            return decided == 0 ? 0 : (double) overrides / decided;
        }

        public double overrideRateLow() {
            return wilson(-1);
        }

        public double overrideRateHigh() {
            return wilson(+1);
        }

        private double wilson(int side) {
            if (decided == 0) {
                return side < 0 ? 0 : 1;
            }
            double n = decided;
            double p = overrides / n;
            double z2 = Z95 * Z95;
            double centre = p + z2 / (2 * n);
            double spread = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
            return Math.min(1, Math.max(0, (centre + side * spread) / (1 + z2 / n)));
        }
    }

    /** An override comment (as first written) and how many overrides said the same, ignoring case and spacing. */
    public record CommentCount(String comment, long count) {}
}
