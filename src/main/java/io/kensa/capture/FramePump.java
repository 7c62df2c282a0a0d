package io.kensa.capture;

import io.kensa.util.Threads;
import java.awt.image.DataBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one source on its own named capture thread and hands every frame to its subscribers, latest frame wins:
 * each {@link FrameSlot} holds only the newest frame, so the capture thread never waits for a consumer and a slow
 * consumer drops frames instead of building up latency.
 *
 * <p>When the source cannot be opened or fails while running (camera missing, busy or unplugged, replay folder
 * moved away), the pump closes it, reports {@link CaptureEvent.Kind#RECONNECTING} with the reason, and tries again
 * after 0.5 s, 1 s, 2 s, 4 s, then every 5 s, until it runs again ({@link CaptureEvent.Kind#RUNNING}) or is stopped.
 * The listener is called on the capture thread (a camera's WARNING about a setting changed while running comes on
 * the thread that changed it) and must return quickly.
 *
 * <pre>
 *   FramePump pump = FramePump.start("folder:/data/bottle?fps=10", event -> Platform.runLater(() -> show(event)));
 *   FrameSlot view = pump.subscribe("display");
 *   Optional&lt;Frame&gt; frame = view.take(Duration.ofMillis(200));
 *   pump.stop();
 * </pre>
 */
public final class FramePump implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FramePump.class);
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(5);
    private static final Duration STOP_WAIT = Duration.ofSeconds(3);

    private final FrameSource source;
    private final String spec;
    private final Consumer<CaptureEvent> listener;
    private final Thread thread;
    private final List<FrameSlot> slots = new CopyOnWriteArrayList<>();
    private final RateMeter captureRate = new RateMeter();
    private final AtomicLong captured = new AtomicLong();
    private final AtomicLong capturedBytes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile CaptureEvent.Kind state = CaptureEvent.Kind.CONNECTING;
    private volatile Frame latest;
    // the source's counters as the capture thread last read them: stats() runs on UI threads and must not wait
    // for a source busy in a grab or an open
    private volatile Map<String, Long> sourceCounters = Map.of();
    /** Orders subscribing against publishing, so a new slot gets each frame once: as its first frame or offered. */
    private final Object handOff = new Object();
    private volatile boolean stopping;

    private FramePump(FrameSource source, Consumer<CaptureEvent> listener) {
        this.source = source;
        this.spec = source.spec();
        this.listener = listener;
        if (source instanceof WarningReporter reporter) {
            reporter.onWarning(message -> emit(CaptureEvent.Kind.WARNING, message, Duration.ZERO));
        }
        this.thread = Threads.daemon("kensa-capture " + spec, this::run);
    }

    /** Parses the spec, creates the source and starts capturing. Throws only for a bad or unknown spec. */
    public static FramePump start(String spec, Consumer<CaptureEvent> listener) throws CaptureException {
        return start(FrameSources.create(spec), listener);
    }

    /** Starts capturing from a source that is not open yet; the pump owns it from now on and closes it. */
    public static FramePump start(FrameSource source, Consumer<CaptureEvent> listener) {
        FramePump pump = new FramePump(source, listener);
        pump.thread.start();
        return pump;
    }

    public String source() {
        return spec;
    }

    /** A new consumer slot; it receives frames captured from now on. Names identify consumers in {@link #stats()}. */
    public FrameSlot subscribe(String name) {
        FrameSlot slot = new FrameSlot(name, this);
        synchronized (handOff) {
            slots.add(slot);
            if (latest != null) {
                slot.offer(latest); // a late subscriber starts from the current frame, not the next one (a slow replay may be seconds away)
            }
        }
        if (stopping) {
            slot.shut(); // stop() may have shut the slots just before this one was added
        }
        return slot;
    }

    void unsubscribe(FrameSlot slot) {
        slots.remove(slot);
    }

    /** The newest captured frame (e.g. for a snapshot), empty before the first one. */
    public Optional<Frame> latest() {
        return Optional.ofNullable(latest);
    }

    public CaptureEvent.Kind state() {
        return state;
    }

    /** The counters now. Never waits for the source (safe to call on a UI thread while a camera hangs). */
    public CaptureStats stats() {
        return new CaptureStats(spec, state, captured.get(), captureRate.perSecond(), capturedBytes.get(),
                failures.get(), reconnects.get(), slots.stream().map(FrameSlot::stats).toList(), sourceCounters);
    }

    /** The replay rate in frames per second (0 = as fast as possible); empty for cameras. */
    public OptionalDouble replayFps() {
        return source instanceof Replay replay ? OptionalDouble.of(replay.fps()) : OptionalDouble.empty();
    }

    /**
     * Changes the replay rate while running (0 = as fast as possible; it survives reconnects).
     * Returns false when the source is a camera, whose rate is set in its spec.
     */
    public boolean setReplayFps(double fps) {
        if (source instanceof Replay replay) {
            replay.setFps(fps);
            return true;
        }
        return false;
    }

    /**
     * Stops capturing: interrupts any wait, closes the slots (waiting consumers return) and waits up to 3 s for the
     * capture thread to close the source. Never hangs: a source stuck in a driver call is left to close itself when
     * the call returns. Safe to call more than once and from the listener.
     */
    public void stop() {
        stopping = true;
        slots.forEach(FrameSlot::shut);
        thread.interrupt();
        if (Thread.currentThread() == thread) {
            return;
        }
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("The source {} did not stop within {} s; it will be closed when its driver call returns.",
                    spec, STOP_WAIT.toSeconds());
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void run() {
        Duration retry = FIRST_RETRY;
        boolean failedBefore = false;
        String lastFailure = "";
        emit(CaptureEvent.Kind.CONNECTING, "Opening " + spec + " …", Duration.ZERO);
        try {
            while (!stopping) {
                try {
                    source.open();
                    readCounters();
                    if (failedBefore) {
                        reconnects.incrementAndGet();
                    }
                    lastFailure = "";
                    emit(CaptureEvent.Kind.RUNNING, (failedBefore ? "Capturing again from " : "Capturing from ")
                            + spec + ".", Duration.ZERO);
                    boolean grabbed = false;
                    while (!stopping) {
                        publish(source.grab());
                        if (!grabbed) {
                            grabbed = true;
                            retry = FIRST_RETRY; // it works again: the next failure starts the backoff afresh
                        }
                    }
                } catch (CaptureException | RuntimeException | LinkageError e) {
                    if (stopping) {
                        break;
                    }
                    failures.incrementAndGet();
                    failedBefore = true;
                    closeSource();
                    String message = describe(e);
                    if (!(e instanceof CaptureException)) {
                        LOG.error(message, e);
                    } else if (!message.equals(lastFailure)) {
                        LOG.warn("{} Retrying in {} ms.", message, retry.toMillis());
                    } else {
                        LOG.debug("{} Retrying in {} ms.", message, retry.toMillis()); // same as before: keep the log short
                    }
                    lastFailure = message;
                    emit(CaptureEvent.Kind.RECONNECTING, message, retry);
                    if (!sleep(retry)) {
                        break;
                    }
                    retry = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
                }
            }
        } finally {
            closeSource();
            slots.forEach(FrameSlot::shut);
            emit(CaptureEvent.Kind.STOPPED, "Stopped capturing from " + spec + ".", Duration.ZERO);
        }
    }

    private void publish(Frame frame) {
        readCounters();
        captured.incrementAndGet();
        DataBuffer pixels = frame.image().getRaster().getDataBuffer();
        capturedBytes.addAndGet((long) pixels.getSize() * pixels.getNumBanks() * DataBuffer.getDataTypeSize(pixels.getDataType()) / 8);
        captureRate.tick();
        synchronized (handOff) {
            for (FrameSlot slot : slots) {
                slot.offer(frame);
            }
            latest = frame; // after the slots: whoever sees this frame here finds it (or newer) in its slot
        }
    }

    private String describe(Throwable e) {
        if (e instanceof CaptureException) {
            return e.getMessage();
        }
        if (e instanceof LinkageError) {
            return "The native capture library for " + spec + " could not load (" + e.getMessage()
                    + "). Reinstall Kensa or use another source.";
        }
        return "Unexpected error in " + spec + ": " + e + ". See the log for details.";
    }

    /** Closes the source, keeping the capture thread alive if its close fails. */
    private void closeSource() {
        try {
            source.close();
        } catch (RuntimeException e) {
            LOG.warn("Closing {} failed", spec, e);
        }
        readCounters();
    }

    /** Called on the capture thread only, between the source's own calls, so it never waits for them. */
    private void readCounters() {
        try {
            sourceCounters = Collections.unmodifiableMap(new LinkedHashMap<>(source.counters())); // in the source's order
        } catch (RuntimeException e) {
            LOG.debug("Reading the counters of {} failed", spec, e);
        }
    }

    /** Waits between attempts; false when stopped meanwhile. */
    private boolean sleep(Duration delay) {
        try {
            TimeUnit.NANOSECONDS.sleep(delay.toNanos());
            return !stopping;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void emit(CaptureEvent.Kind kind, String message, Duration retryIn) {
        if (kind != CaptureEvent.Kind.WARNING) {
            state = kind;
        }
        try {
            listener.accept(new CaptureEvent(kind, spec, message, retryIn, Instant.now()));
        } catch (RuntimeException e) {
            LOG.error("A capture listener failed on {} {}", kind, message, e);
        }
    }
}
