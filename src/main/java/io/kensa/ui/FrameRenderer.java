package io.kensa.ui;

import io.kensa.capture.Frame;
import io.kensa.capture.FrameScaling;
import io.kensa.capture.FrameSlot;
import io.kensa.capture.RateMeter;
import io.kensa.detect.ColourMap;
import io.kensa.detect.Detection;
import io.kensa.detect.HeatmapRenderer;
import io.kensa.cam.CamMap;
import io.kensa.inspect.FrameCam;
import io.kensa.inspect.Inspected;
import java.awt.Graphics;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live view's render step, on its own {@code kensa-render} thread (no JavaFX here): it takes the newest frame
 * from the display slot, scales it to the view, renders the newest detection's heatmap with its outlines, and hands
 * the FX pulse a ready {@link Picture}, latest wins (like {@code capture/FrameSlot}). The pulse only copies pixels.
 *
 * <p>The heatmap is paired with the frame only while the two were captured at most {@value #HEATMAP_MAX_AGE_MS} ms
 * apart: a stationary part keeps its overlay at the camera's full rate, and a map is never shown over a different
 * part (replays, a moving line) — it disappears until that part's own detection arrives.
 */
final class FrameRenderer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrameRenderer.class);
    static final long HEATMAP_MAX_AGE_MS = 250;
    /** The overlay is smooth; 480 px on its long side is plenty. */
    private static final int OVERLAY_MAX = 480;
    private static final Duration WAIT = Duration.ofMillis(20);

    /** Non-premultiplied ARGB pixels, row by row; never changed once published. */
    record Layer(int[] argb, int width, int height) {}

    /**
     * A frame scaled for the view and, when they belong to it, the anomaly heatmap layer and the classifier's
     * Grad-CAM layer to draw over it.
     */
    record Picture(Frame source, Layer frame, Optional<Layer> heatmap, Optional<Layer> cam) {}

    private final Supplier<Optional<FrameSlot>> display;
    private final Supplier<Optional<Inspected>> latest;
    private final Supplier<Optional<FrameCam>> latestCam;
    private final AtomicReference<Picture> ready = new AtomicReference<>();
    private final RateMeter displayRate = new RateMeter();
    private volatile int viewWidth = 800;
    private volatile int viewHeight = 600;
    private volatile boolean heatmapOn = true;
    private volatile ColourMap colours = ColourMap.JET;
    /** Bumped when the overlay must be drawn again (colours changed). */
    private volatile long overlayGeneration;
    private volatile boolean camOn = true;
    private volatile ColourMap camColours = ColourMap.VIRIDIS;
    private volatile Optional<Frame> shown = Optional.empty();
    private volatile Thread thread;

    // render thread only
    private Picture last;
    private long overlaySequence = -1;
    private long overlayDrawnGeneration = -1;
    private Layer overlay;
    private CamMap camDrawn;
    private ColourMap camDrawnColours;
    private Layer camLayer;

    FrameRenderer(Supplier<Optional<FrameSlot>> display, Supplier<Optional<Inspected>> latest,
                  Supplier<Optional<FrameCam>> latestCam) {
        this.display = display;
        this.latest = latest;
        this.latestCam = latestCam;
    }

    /** Starts the {@code kensa-render} thread. */
    synchronized void start() {
        if (thread != null) {
            return;
        }
        Thread t = new Thread(this::run, "kensa-render");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                renderOnce(WAIT);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("Live view frame not rendered: {}", e.toString());
            }
        }
    }

    /** The size the live view has on screen: larger frames are scaled down to it (never up, the GPU does that). */
    void viewSize(double width, double height) {
        viewWidth = (int) Math.max(1, width);
        viewHeight = (int) Math.max(1, height);
    }

    void overlay(boolean on, ColourMap colours) {
        heatmapOn = on;
        if (this.colours != colours) {
            this.colours = colours;
            overlayGeneration++;
        }
    }

    void cam(boolean on, ColourMap colours) {
        camOn = on;
        camColours = colours;
    }

    /** For the FX pulse: the newest ready picture, if one came since the last call (latest wins). */
    Optional<Picture> poll() {
        Picture p = ready.getAndSet(null);
        if (p == null) {
            return Optional.empty();
        }
        if (shown.map(f -> f != p.source()).orElse(true)) {
            displayRate.tick();
        }
        shown = Optional.of(p.source());
        return Optional.of(p);
    }

    /** The frame the live view took last (for snapshots and the frame size in the status bar). */
    Optional<Frame> shown() {
        return shown;
    }

    double displayFps() {
        return displayRate.perSecond();
    }

    /**
     * One render step: waits up to {@code wait} for a new frame, then publishes a picture when the frame or its
     * heatmap changed. Returns whether it published one.
     */
    boolean renderOnce(Duration wait) throws InterruptedException {
        Optional<FrameSlot> slot = display.get();
        Optional<Frame> frame = Optional.empty();
        if (slot.isPresent() && !slot.get().isClosed()) {
            frame = slot.get().take(wait);
        } else {
            Thread.sleep(wait.toMillis()); // stopped: only the overlay can change (switched off, detector gone)
        }
        if (frame.isEmpty() && last == null) {
            return false;
        }
        Frame source = frame.orElse(last == null ? null : last.source());
        Layer picture = frame.map(this::fit).orElseGet(() -> last.frame());
        Optional<Layer> heatmap = heatmapFor(source);
        Optional<Layer> cam = camFor(source);
        if (frame.isEmpty() && heatmap.orElse(null) == last.heatmap().orElse(null)
                && cam.orElse(null) == last.cam().orElse(null)) {
            return false;
        }
        last = new Picture(source, picture, heatmap, cam);
        ready.set(last);
        return true;
    }

    private Layer fit(Frame frame) {
        int w = viewWidth, h = viewHeight;
        BufferedImage fitted = frame.width() > w || frame.height() > h ? FrameScaling.fitInto(frame.image(), w, h) : frame.image();
        return layer(fitted);
    }

    private Optional<Layer> heatmapFor(Frame shownFrame) {
        Optional<Inspected> newest = heatmapOn ? latest.get() : Optional.empty();
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        Inspected inspected = newest.get();
        long generation = overlayGeneration;
        if (inspected.frame().sequence() != overlaySequence || generation != overlayDrawnGeneration) {
            overlaySequence = inspected.frame().sequence();
            overlayDrawnGeneration = generation;
            overlay = drawOverlay(inspected);
        }
        long apartMs = Math.abs(Duration.between(inspected.frame().capturedAt(), shownFrame.capturedAt()).toMillis());
        return apartMs <= HEATMAP_MAX_AGE_MS ? Optional.of(overlay) : Optional.empty();
    }

    /** The classifier's Grad-CAM map of a frame captured within {@value #HEATMAP_MAX_AGE_MS} ms of the shown one. */
    private Optional<Layer> camFor(Frame shownFrame) {
        Optional<FrameCam> newest = camOn ? latestCam.get() : Optional.empty();
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        FrameCam cam = newest.get();
        ColourMap colours = camColours;
        if (cam.map() != camDrawn || colours != camDrawnColours) {
            camDrawn = cam.map();
            camDrawnColours = colours;
            camLayer = drawCam(cam.map(), colours);
        }
        long apartMs = Math.abs(Duration.between(cam.frame().capturedAt(), shownFrame.capturedAt()).toMillis());
        return apartMs <= HEATMAP_MAX_AGE_MS ? Optional.of(camLayer) : Optional.empty();
    }

    /** A Grad-CAM map in its colour map, transparent where the classifier did not look (alpha follows the value). */
    static Layer drawCam(CamMap map, ColourMap colours) {
        int[] argb = new int[map.width() * map.height()];
        for (int i = 0; i < argb.length; i++) {
            double v = Math.max(0, Math.min(1, map.values()[i]));
            argb[i] = ((int) Math.round(255 * Math.sqrt(v)) << 24) | (colours.rgb(v) & 0xffffff);
        }
        return new Layer(argb, map.width(), map.height());
    }

    private Layer drawOverlay(Inspected inspected) {
        Detection d = inspected.detection();
        int w = inspected.frame().width(), h = inspected.frame().height();
        double scale = Math.min(1, (double) OVERLAY_MAX / Math.max(w, h));
        int ow = Math.max(1, (int) (w * scale)), oh = Math.max(1, (int) (h * scale));
        BufferedImage map = HeatmapRenderer.heatmap(d, ow, oh, colours, 1.0);
        Graphics g = map.getGraphics();
        try {
            g.drawImage(HeatmapRenderer.outlines(d, ow, oh, 0xffffffff), 0, 0, null);
        } finally {
            g.dispose();
        }
        return layer(map);
    }

    /** The pixels of an image as ARGB; an image of our own in that format is taken as it is, without a copy. */
    static Layer layer(BufferedImage image) {
        int w = image.getWidth(), h = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_INT_ARGB && image.getRaster().getDataBuffer() instanceof DataBufferInt ints
                && ints.getData().length == w * h) {
            return new Layer(ints.getData(), w, h);
        }
        return new Layer(image.getRGB(0, 0, w, h, null, 0, w), w, h);
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }
}
