package io.kensa.capture;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Calls a pump's {@link FramePump#stats()} every 50 ms on its own thread, as the window's status bar does, and
 * keeps the slowest call. A test asserts that none took anything like seconds (a responsiveness guarantee, not a
 * benchmark: the bound it checks is generous).
 */
public final class StatsProbe implements AutoCloseable {
    private final Thread thread;
    private final AtomicLong slowestNanos = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private volatile boolean running = true;

    public StatsProbe(FramePump pump) {
        thread = new Thread(() -> {
            while (running) {
                long start = System.nanoTime();
                pump.stats();
                slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
                calls.incrementAndGet();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "stats probe");
        thread.setDaemon(true);
        thread.start();
    }

    public Duration slowest() {
        return Duration.ofNanos(slowestNanos.get());
    }

    public long calls() {
        return calls.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(10_000); // a stats() call blocked on the source returns when the source lets go
    }

    /**
     * Waits until the pump's stats show {@code what} (polling, as the status bar does); fails after 20 s with the
     * stats then.
     */
    public static void awaitStats(FramePump pump, Predicate<CaptureStats> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.test(pump.stats())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what + "; " + pump.stats());
            }
            Thread.sleep(20);
        }
    }

    @Override
    public String toString() {
        return calls() + " calls of stats(), the slowest " + slowest().toMillis() + " ms";
    }
}
