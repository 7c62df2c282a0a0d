package io.kensa.capture;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces replay frames at a target rate. Due times advance by whole intervals so decode time does not slow the
 * average rate; after a long stall it restarts from now instead of bursting to catch up. The rate may be changed
 * from another thread and takes effect within {@link #SLICE_NANOS}.
 */
final class Pacer {
    private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private volatile double fps;
    private long lastDue;
    private boolean started;

    Pacer(double fps) {
        setFps(fps);
    }

    void setFps(double fps) {
        if (!(fps >= 0) || Double.isInfinite(fps)) {
            throw new IllegalArgumentException("A replay rate must be 0 (as fast as possible) or more frames per second, not " + fps);
        }
        this.fps = fps;
    }

    double fps() {
        return fps;
    }

    /** The next frame is the first of a run: it is due at once. */
    void restart() {
        started = false;
    }

    /** Waits until the next frame is due. */
    void awaitNext() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            double rate = fps;
            if (!started || rate <= 0) {
                started = true;
                lastDue = now;
                return;
            }
            long interval = (long) (1e9 / rate);
            long due = lastDue + interval;
            long wait = due - now;
            if (wait <= 0) {
                lastDue = now - due > interval ? now : due;
                return;
            }
            LockSupport.parkNanos(Math.min(wait, SLICE_NANOS));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
