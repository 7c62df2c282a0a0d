package io.kensa.capture;

import java.util.Arrays;

/** Events per second over a moving two-second window (20 buckets of 100 ms); accurate at any rate. */
public final class RateMeter {
    private static final long BUCKET_NANOS = 100_000_000L;
    private static final int BUCKETS = 20;

    private final long origin = System.nanoTime();
    private final long[] counts = new long[BUCKETS];
    private long current;

    public synchronized void tick() {
        long now = System.nanoTime();
        roll(now);
        counts[(int) (current % BUCKETS)]++;
    }

    public synchronized double perSecond() {
        long now = System.nanoTime();
        roll(now);
        long sum = Arrays.stream(counts).sum();
        long windowStart = Math.max(origin, origin + (current - (BUCKETS - 1)) * BUCKET_NANOS);
        double seconds = (now - windowStart) / 1e9;
        return seconds <= 0 ? 0 : sum / seconds;
    }

    private void roll(long now) {
        long bucket = (now - origin) / BUCKET_NANOS;
        if (bucket - current >= BUCKETS) {
            Arrays.fill(counts, 0);
        } else {
            for (long b = current + 1; b <= bucket; b++) {
                counts[(int) (b % BUCKETS)] = 0;
            }
        }
        current = Math.max(current, bucket);
    }
}
