package io.kensa.util;

/** Nearest-rank percentiles of sorted values (latency p50/p95 in the LLM counters and prompt evaluations). */
public final class Percentiles {
    private Percentiles() {}

    /**
     * The nearest-rank {@code q}-quantile (0 &lt; q ≤ 1) of ascending values: the smallest value with at least
     * {@code q} of all values at or below it; 0 for no values.
     */
    public static long nearestRank(long[] sorted, double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("Percentile " + q + " is outside 0 < q <= 1");
        }
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }
}
