package io.kensa.capture;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** Records a pump's events so a test can wait for one and look at the whole sequence. */
public final class PumpEvents implements Consumer<CaptureEvent> {
    private final List<CaptureEvent> events = new ArrayList<>();

    @Override
    public synchronized void accept(CaptureEvent event) {
        events.add(event);
        notifyAll();
    }

    public synchronized List<CaptureEvent> all() {
        return List.copyOf(events);
    }

    public synchronized long count(CaptureEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).count();
    }

    /** Waits for an event of this kind at or after position {@code from}; returns its position. */
    public synchronized int awaitFrom(int from, CaptureEvent.Kind kind, Duration timeout) throws InterruptedException {
        return awaitFrom(from, e -> e.kind() == kind, timeout, kind.toString());
    }

    public synchronized CaptureEvent await(CaptureEvent.Kind kind, Duration timeout) throws InterruptedException {
        return events.get(awaitFrom(0, kind, timeout));
    }

    public synchronized int awaitFrom(int from, Predicate<CaptureEvent> wanted, Duration timeout, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = from; i < events.size(); i++) {
                if (wanted.test(events.get(i))) {
                    return i;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No " + what + " event within " + timeout + "; got " + events);
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }
}
