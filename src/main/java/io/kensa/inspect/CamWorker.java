package io.kensa.inspect;

import io.kensa.util.Threads;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Grad-CAM for the classified frames, on its own {@code kensa-cam} thread: a pass costs several times a plain forward
 * ({@code kensa bench cam}), so the newest classified frame replaces one still waiting (latest wins) and the live
 * view and the detector never wait for it. The map is published with the frame it belongs to, so the view pairs it
 * with the frame on screen as it does the anomaly map.
 */
final class CamWorker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CamWorker.class);

    private final RecipeClassifier classifier;
    private final Consumer<String> onError;
    private final AtomicReference<Inspected> waiting = new AtomicReference<>();
    private final AtomicReference<FrameCam> latest = new AtomicReference<>();
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean running = true;
    private String lastError = "";

    CamWorker(RecipeClassifier classifier, Consumer<String> onError) {
        this.classifier = classifier;
        this.onError = onError;
        this.thread = Threads.daemon("kensa-cam", this::run);
        thread.start();
    }

    /** Hands over a classified frame; a frame still waiting is dropped for it. */
    void offer(Inspected inspected) {
        if (inspected.classification().isEmpty()) {
            return;
        }
        waiting.set(inspected);
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    Optional<FrameCam> latest() {
        return Optional.ofNullable(latest.get());
    }

    private void run() {
        while (running) {
            Inspected next = waiting.getAndSet(null);
            if (next == null) {
                synchronized (signal) {
                    try {
                        signal.wait(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                continue;
            }
            try {
                latest.set(new FrameCam(next.frame(), classifier.cam(next.frame().image(), next.classification().get())));
                lastError = "";
            } catch (Exception e) {
                if (!lastError.equals(String.valueOf(e.getMessage()))) {
                    lastError = String.valueOf(e.getMessage());
                    LOG.warn("Grad-CAM failed: {}", lastError, e);
                    onError.accept("Grad-CAM map not made for a frame (the class is still shown): " + lastError);
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        Threads.stop(thread, 5000);
    }
}
