package io.kensa.capture;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One consumer's hand-off from a {@link FramePump}: it holds at most one frame, the newest. A frame that arrives
 * before the last one was taken replaces it and counts as dropped, so a slow consumer gets fresh frames, never a
 * backlog. Meant for one consuming thread; the capture thread only swaps a reference under the lock, never waits.
 */
public final class FrameSlot implements AutoCloseable {
    private final String name;
    private final FramePump pump;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final RateMeter rate = new RateMeter();
    private Frame pending;
    private boolean closed;
    private long delivered;
    private long dropped;

    FrameSlot(String name, FramePump pump) {
        this.name = name;
        this.pump = pump;
    }

    public String name() {
        return name;
    }

    /** The newest frame not yet taken, without waiting. */
    public Optional<Frame> poll() {
        lock.lock();
        try {
            return takePending();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The newest frame not yet taken, waiting up to {@code timeout} for one. Empty on timeout, or at once when the
     * slot is closed (unsubscribed or the pump stopped) and holds nothing.
     */
    public Optional<Frame> take(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (pending == null && !closed) {
                if (nanos <= 0) {
                    return Optional.empty();
                }
                nanos = arrived.awaitNanos(nanos);
            }
            return takePending();
        } finally {
            lock.unlock();
        }
    }

    /** True once unsubscribed or the pump stopped: no more frames will arrive. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Unsubscribes; a waiting {@link #take} returns. */
    @Override
    public void close() {
        pump.unsubscribe(this);
        shut();
    }

    void offer(Frame frame) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (pending != null) {
                dropped++;
            }
            pending = frame;
            arrived.signal();
        } finally {
            lock.unlock();
        }
    }

    void shut() {
        lock.lock();
        try {
            closed = true;
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    CaptureStats.Consumer stats() {
        lock.lock();
        try {
            return new CaptureStats.Consumer(name, delivered, dropped, rate.perSecond());
        } finally {
            lock.unlock();
        }
    }

    private Optional<Frame> takePending() {
        Frame frame = pending;
        if (frame == null) {
            return Optional.empty();
        }
        pending = null;
        delivered++;
        rate.tick();
        return Optional.of(frame);
    }
}
