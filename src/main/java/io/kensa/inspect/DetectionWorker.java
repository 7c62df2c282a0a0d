package io.kensa.inspect;

import io.kensa.capture.Frame;
import io.kensa.capture.FrameSlot;
import io.kensa.capture.RateMeter;
import io.kensa.detect.DetectException;
import io.kensa.detect.Detection;
import io.kensa.detect.Detector;
import io.kensa.model.ClassPrediction;
import io.kensa.util.Threads;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the detector on the newest frame, on its own named thread ("kensa-detect"): while it works, newer frames
 * replace older ones in its slot (dropped, never queued), so the live view keeps its own rate.
 */
final class DetectionWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DetectionWorker.class);

    private final FrameSlot slot;
    private final Detector detector;
    private final Consumer<Inspected> onInspected;
    private final Consumer<String> onError;
    /** read per frame: QA may publish a new classifier while the line runs */
    private final Supplier<Optional<FrameClassifier>> classifier;
    private final AtomicReference<Inspected> latest = new AtomicReference<>();
    private final RateMeter rate = new RateMeter();
    private final Thread thread;
    private volatile double lastMs;
    private volatile long detected;
    private volatile boolean running = true;
    private String lastClassifierError = "";

    DetectionWorker(FrameSlot slot, Detector detector, Supplier<Optional<FrameClassifier>> classifier,
                    Consumer<Inspected> onInspected, Consumer<String> onError) {
        this.slot = slot;
        this.detector = detector;
        this.classifier = classifier;
        this.onInspected = onInspected;
        this.onError = onError;
        this.thread = Threads.daemon("kensa-detect", this::run);
        this.thread.start();
    }

    private void run() {
        try {
            loop();
        } finally {
            detector.close(); // on this thread: never freed under a running detect()
        }
    }

    private void loop() {
        String lastError = "";
        while (running) {
            try {
                Optional<Frame> frame = slot.take(Duration.ofMillis(250));
                if (frame.isEmpty()) {
                    continue;
                }
                long start = System.nanoTime();
                Detection detection = detector.detect(frame.get().image());
                lastMs = (System.nanoTime() - start) / 1e6;
                detected++;
                rate.tick();
                Optional<String> fault = detection.faultMessage();
                if (fault.isPresent() && !lastError.equals(fault.get())) {
                    LOG.warn("{}", fault.get());
                    onError.accept(fault.get()); // said once; every such frame is still flagged and recorded
                }
                Inspected inspected = new Inspected(frame.get(), detection, classify(frame.get(), detection));
                latest.set(inspected);
                onInspected.accept(inspected);
                lastError = fault.orElse("");
            } catch (InterruptedException e) {
                return;
            } catch (DetectException | RuntimeException e) {
                // one bad frame (odd size, corrupt pixels) must not stop inspection; say it once, not per frame
                if (!lastError.equals(String.valueOf(e.getMessage()))) {
                    lastError = String.valueOf(e.getMessage());
                    LOG.warn("Detection failed: {}", lastError, e);
                    onError.accept("Detection failed on a frame: " + lastError);
                }
            }
        }
    }

    /**
     * The classifier's class for a flagged frame (every frame when the recipe says so). A classifier failing on a
     * frame never stops inspection: the frame goes on without a class and the failure is said once.
     */
    private Optional<ClassPrediction> classify(Frame frame, Detection detection) {
        Optional<FrameClassifier> current = classifier.get();
        if (current.isEmpty() || !(detection.anomalous() || current.get().allFrames())) {
            return Optional.empty();
        }
        try {
            Optional<ClassPrediction> p = Optional.of(current.get().classify(frame.image()));
            lastClassifierError = "";
            return p;
        } catch (Exception e) {
            if (!lastClassifierError.equals(String.valueOf(e.getMessage()))) {
                lastClassifierError = String.valueOf(e.getMessage());
                LOG.warn("Classification failed: {}", lastClassifierError, e);
                onError.accept("The defect classifier failed on a frame (it is inspected without a class): "
                        + lastClassifierError);
            }
            return Optional.empty();
        }
    }

    Optional<Inspected> latest() {
        return Optional.ofNullable(latest.get());
    }

    DetectorStats stats(String state, ComputeDevices devices) {
        return new DetectorStats(state, rate.perSecond(), lastMs, detected, devices);
    }

    @Override
    public void close() {
        running = false;
        Threads.stop(thread, 5000);
        slot.close();
    }
}
