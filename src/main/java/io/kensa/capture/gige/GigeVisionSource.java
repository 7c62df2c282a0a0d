package io.kensa.capture.gige;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import io.kensa.capture.CaptureException;
import io.kensa.capture.Frame;
import io.kensa.capture.FrameSource;
import io.kensa.capture.WarningReporter;
import io.kensa.util.Threads;
import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A GigE Vision (or USB3 Vision) camera through Aravis: {@code gige://ADDRESS-OR-ID?setting=value&…}, e.g.
 * {@code gige://192.168.1.20?pixelFormat=BayerRG8&width=1024&height=768&exposure=8000&fps=30}.
 * See {@link CameraSetting} for the settings. Mono formats become TYPE_BYTE_GRAY images, colour and Bayer
 * formats TYPE_3BYTE_BGR.
 *
 * <p>{@link #open()} connects, applies the settings (a feature the camera lacks is a {@linkplain #warnings()
 * warning}, not an error; new warnings also go to {@link #onWarning}) and starts streaming into a pool of buffers.
 * {@link #grab()} returns the next complete frame and throws when the camera stops answering; {@link #close()} then
 * {@link #open()} reconnects by the same address or id. Used from one capture thread; {@link #features()} and
 * {@link #applySettings} may be called from another thread (they wait for a running grab to finish);
 * {@link #statistics()}, {@link #counters()}, {@link #settings()} and {@link #warnings()} never wait: they read
 * what the capture thread last published.
 */
public final class GigeVisionSource implements FrameSource, WarningReporter {

    public static final String SCHEME = "gige";
    private static final Logger LOG = LoggerFactory.getLogger(GigeVisionSource.class);
    private static final int DEFAULT_BUFFERS = 10;
    private static final long MIN_TIMEOUT_MS = 2000;
    // wait for a buffer in slices: the lost-control flag is polled between them, and for a hardware-triggered
    // camera (which may idle for long) an interrupt stops the wait
    private static final long WAIT_SLICE_MICROS = 200_000;
    private static final int FAILURES_BEFORE_GIVING_UP = 30;
    // open() waits this long for a dead session's goodbye, then fails saying so, and the pump's next attempt
    // waits again: the pump's "next attempt in …" stays true instead of one open() blocking for 15 s
    private static final long TEARDOWN_WAIT_MS = 2_000;
    // a teardown still running after this is stuck in a native call: open anyway rather than never again
    private static final long TEARDOWN_GIVE_UP_MS = 30_000;
    private static final Map<String, Teardown> TEARDOWNS = new ConcurrentHashMap<>();

    /** A dead session saying goodbye on its own thread (see {@link #closeNative()}). */
    private record Teardown(Thread thread, long startedNanos) {}

    private final String spec;
    private final String address;
    private final Map<CameraSetting, String> settings;
    private final ReentrantLock lock = new ReentrantLock(true);

    private Aravis aravis;
    private AravisCamera camera;
    private AravisStream stream;
    private String trigger = "off";
    private long timeoutMillis = MIN_TIMEOUT_MS;
    private byte[] scratch = new byte[0];
    private long sequence;
    private long consecutiveFailures;
    // set when the camera stopped answering: closing it then means long GVCP timeouts, done off the caller's thread
    private boolean unresponsive;
    // over the source's whole life: frames and bytes delivered, and the counters of the streams already closed
    private long delivered;
    private long bytes;
    private StreamStatistics closedStreams = StreamStatistics.NONE;
    // what readers on other threads see: written under the lock after every buffer, open, restart and close
    private volatile StreamStatistics published = StreamStatistics.NONE;
    private volatile Map<String, String> settingsView;
    private volatile List<String> warnings = List.of();
    private volatile Consumer<String> warningSink = message -> { };

    private GigeVisionSource(String spec, GigeSpec parsed) {
        this.spec = spec;
        this.address = parsed.address();
        this.settings = new EnumMap<>(CameraSetting.class);
        this.settings.putAll(parsed.settings());
        this.settingsView = view(settings);
    }

    /**
     * A source for {@code gige://ADDRESS-OR-ID?…}. Only parses the spec: no library is loaded and nothing is
     * sent until {@link #open()}.
     *
     * @throws CaptureException when the spec is not a gige:// spec or names an unknown setting or a malformed value
     */
    public static GigeVisionSource fromSpec(String spec) throws CaptureException {
        return new GigeVisionSource(spec, GigeSpec.parse(spec));
    }

    /** True when libaravis is installed, so the UI can offer GigE cameras or show {@link #installHint()}. */
    public static boolean isSupported() {
        return Aravis.isAvailable();
    }

    /** What to tell a user whose machine lacks libaravis. */
    public static String installHint() {
        return Aravis.INSTALL_HINT;
    }

    @Override
    public String spec() {
        return spec;
    }

    /** The address or camera id this source opens (and reopens after a disconnect). */
    public String address() {
        return address;
    }

    /** The settings applied at every open, by {@link CameraSetting#key()}. */
    public Map<String, String> settings() {
        return settingsView;
    }

    private static Map<String, String> view(Map<CameraSetting, String> settings) {
        Map<String, String> out = new LinkedHashMap<>();
        settings.forEach((k, v) -> out.put(k.key(), v));
        return Collections.unmodifiableMap(out);
    }

    /** Where warnings go besides the log and {@link #warnings()} (the pump turns them into WARNING events). */
    @Override
    public void onWarning(Consumer<String> sink) {
        warningSink = sink;
    }

    @Override
    public void open() throws CaptureException {
        lock.lock();
        try {
            if (camera != null) {
                return;
            }
            aravis = Aravis.get();
            awaitTeardown();
            camera = AravisCamera.open(aravis, address);
            try {
                List<String> now = camera.apply(cameraSettings());
                List<String> before = warnings;
                warnings = List.copyOf(now);
                // a reconnect finds the same missing features again: say each once, not after every reconnect
                report(now.stream().filter(w -> !before.contains(w)).toList());
                sequence = 0;
                startStream();
                publish();
            } catch (CaptureException e) {
                closeNative();
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Frame grab() throws CaptureException {
        lock.lock();
        try {
            if (camera == null) {
                throw new CaptureException("GigE camera '" + address + "' is not open");
            }
            if ("Software".equalsIgnoreCase(trigger)) {
                try {
                    camera.softwareTrigger();
                } catch (CaptureException e) {
                    unresponsive = true;
                    throw e;
                }
            }
            boolean waitForever = !"off".equals(trigger) && !"Software".equalsIgnoreCase(trigger);
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            while (true) {
                if (waitForever && lock.hasQueuedThreads()) {
                    // let features()/applySettings() in between trigger waits (the lock is fair)
                    lock.unlock();
                    lock.lock();
                    if (camera == null) {
                        throw new CaptureException("GigE camera '" + address + "' was closed while waiting for a trigger");
                    }
                }
                checkControl();
                long left = (deadline - System.nanoTime()) / 1000;
                if (left <= 0 && !waitForever) {
                    unresponsive = true;
                    throw new CaptureException("No frame from GigE camera '" + address + "' for "
                            + timeoutMillis + " ms: the camera was disconnected, powered off or stopped streaming. "
                            + "Check its cable and power; Kensa reconnects when it is back.");
                }
                if (waitForever && Thread.currentThread().isInterrupted()) {
                    throw new CaptureException("Waiting for a trigger on camera '" + address + "' was cancelled");
                }
                Pointer buffer = stream.pop(waitForever ? WAIT_SLICE_MICROS : Math.max(Math.min(left, WAIT_SLICE_MICROS), 1));
                if (buffer == null) {
                    continue;
                }
                Frame frame = take(buffer);
                if (frame != null) {
                    return frame;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Copies a filled buffer into a Frame and gives the buffer back; null for a broken buffer (counted, dropped). */
    private Frame take(Pointer buffer) throws CaptureException {
        Aravis.Lib arv = aravis.arv;
        int status;
        int format;
        int width;
        int height;
        long frameId;
        int size;
        try {
            status = arv.arv_buffer_get_status(buffer);
            int payloadType = arv.arv_buffer_get_payload_type(buffer);
            if (status != Aravis.BUFFER_STATUS_SUCCESS
                    || (payloadType != Aravis.PAYLOAD_TYPE_IMAGE && payloadType != Aravis.PAYLOAD_TYPE_EXTENDED_CHUNK_DATA)) {
                consecutiveFailures++;
                publish();
                if (consecutiveFailures >= FAILURES_BEFORE_GIVING_UP) {
                    unresponsive = true;
                    throw new CaptureException("GigE camera '" + address + "' sent " + consecutiveFailures
                            + " broken frames in a row (" + statusText(status) + "). Check the network link "
                            + "(cable, switch, packet size) or lower the frame rate.");
                }
                return null;
            }
            format = arv.arv_buffer_get_image_pixel_format(buffer);
            width = arv.arv_buffer_get_image_width(buffer);
            height = arv.arv_buffer_get_image_height(buffer);
            frameId = arv.arv_buffer_get_frame_id(buffer);
            if (!PixelConverter.isSupported(format)) {
                throw new CaptureException(String.format("Camera '%s' sends pixel format 0x%08x, which Kensa cannot show. "
                        + "Choose one of %s with pixelFormat=…", address, format, String.join(", ", PixelConverter.SUPPORTED)));
            }
            long needed = PixelConverter.frameBytes(format, width, height);
            LongByReference available = new LongByReference();
            Pointer data = arv.arv_buffer_get_image_data(buffer, available);
            if (data == null || available.getValue() < needed) {
                consecutiveFailures++;
                publish();
                return null;
            }
            size = (int) needed;
            if (scratch.length < size) {
                scratch = new byte[size];
            }
            data.read(0, scratch, 0, size);
        } finally {
            stream.push(buffer);
        }
        consecutiveFailures = 0;
        BufferedImage image = PixelConverter.toImage(format, width, height, scratch);
        delivered++;
        bytes += size;
        publish();
        return new Frame(++sequence, Instant.now(), spec, address + " #" + frameId, image);
    }

    /**
     * What the open camera offers for the common settings (ranges and choices read from the camera).
     *
     * @throws CaptureException when the source is not open or the camera stops answering
     */
    public CameraFeatures features() throws CaptureException {
        lock.lock();
        try {
            if (camera == null) {
                throw new CaptureException("Open GigE camera '" + address + "' before reading its features");
            }
            return camera.features();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Changes settings (keys of {@link CameraSetting}); they are kept for every later open. On an open camera they
     * take effect now: the stream restarts when format, region or buffer count change. Returns the warnings for
     * features the camera lacks or values it could not take as given.
     *
     * @throws CaptureException for an unknown key or malformed value (nothing is changed) or a camera that refuses
     */
    public List<String> applySettings(Map<String, String> changes) throws CaptureException {
        Map<CameraSetting, String> parsed = new EnumMap<>(CameraSetting.class);
        for (Map.Entry<String, String> e : changes.entrySet()) {
            GigeSpec.put(parsed, "the settings of " + spec, e.getKey(), e.getValue());
        }
        lock.lock();
        try {
            settings.putAll(parsed);
            settingsView = view(settings);
            if (camera == null) {
                return List.of();
            }
            boolean restart = parsed.keySet().stream().anyMatch(s -> s == CameraSetting.PIXEL_FORMAT
                    || s == CameraSetting.WIDTH || s == CameraSetting.HEIGHT || s == CameraSetting.OFFSET_X
                    || s == CameraSetting.OFFSET_Y || s == CameraSetting.BUFFERS);
            if (restart) {
                stopStream();
            }
            Map<CameraSetting, String> cameraChanges = new EnumMap<>(parsed);
            cameraChanges.remove(CameraSetting.BUFFERS);
            cameraChanges.remove(CameraSetting.TIMEOUT_MS);
            List<String> result = camera.apply(cameraChanges);
            report(result);
            List<String> all = new ArrayList<>(warnings);
            all.addAll(result);
            warnings = List.copyOf(all);
            if (restart) {
                startStream();
                publish();
            } else {
                readTiming();
            }
            return result;
        } finally {
            lock.unlock();
        }
    }

    /** Warnings from the last open and setting changes (features the camera lacks, values fitted to its range). */
    public List<String> warnings() {
        return warnings;
    }

    /** {@link #statistics()} by name, for {@link io.kensa.capture.CaptureStats}. Never waits for a grab. */
    @Override
    public Map<String, Long> counters() {
        StreamStatistics s = statistics();
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("completed buffers", s.completedBuffers());
        counters.put("failed buffers", s.failedBuffers());
        counters.put("missing packets", s.missingPackets());
        counters.put("resent packets", s.resentPackets());
        counters.put("underruns", s.underruns());
        return counters;
    }

    /**
     * Counters since this source was created, over all its streams (reconnects do not restart them), as of the
     * last buffer, open or close. Never waits for a grab: safe on a UI thread.
     */
    StreamStatistics statistics() {
        return published;
    }

    /** Publishes the counters for other threads; called with the lock held. */
    private void publish() {
        StreamStatistics all = stream == null ? closedStreams : closedStreams.plusStream(stream.statistics());
        published = all.withDelivered(delivered, bytes);
    }

    private void report(List<String> newWarnings) {
        for (String warning : newWarnings) {
            LOG.warn(warning);
            try {
                warningSink.accept(warning);
            } catch (RuntimeException e) {
                LOG.error("A warning listener failed on {}", warning, e);
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeNative();
            publish();
        } finally {
            lock.unlock();
        }
    }

    private void startStream() throws CaptureException {
        int buffers = Integer.parseInt(settings.getOrDefault(CameraSetting.BUFFERS, Integer.toString(DEFAULT_BUFFERS)));
        buffers = Math.max(2, Math.min(64, buffers));
        readTiming();
        stream = AravisStream.open(aravis, camera, buffers);
        consecutiveFailures = 0;
        try {
            camera.startAcquisition();
        } catch (CaptureException e) {
            stopStream();
            throw e;
        }
    }

    private void readTiming() {
        trigger = camera.triggerSource();
        String configured = settings.get(CameraSetting.TIMEOUT_MS);
        if (configured != null) {
            timeoutMillis = Math.max(1, Long.parseLong(configured));
        } else {
            // three frame periods, so a slow free-running camera is not taken for a dead one
            timeoutMillis = camera.frameRate().map(fps -> Math.max(MIN_TIMEOUT_MS, (long) (3000 / fps))).orElse(MIN_TIMEOUT_MS);
        }
    }

    private void stopStream() {
        if (stream == null) {
            return;
        }
        camera.stopAcquisition();
        closedStreams = closedStreams.plusStream(stream.statistics());
        stream.close();
        stream = null;
    }

    /**
     * Releases the camera. A camera that stopped answering makes every goodbye message (stop, release the stream
     * channel, leave control) wait for its GVCP timeout, about 12 s in all: that happens on a teardown thread so
     * close() returns at once. No open() of the same address gets past {@link #awaitTeardown()} before it is
     * done, so the old session's messages cannot reach the camera once it is back and talking to the new one.
     */
    private void closeNative() {
        if (camera == null) {
            return;
        }
        if (!unresponsive) {
            stopStream();
            camera.close();
        } else {
            AravisCamera deadCamera = camera;
            AravisStream deadStream = stream;
            if (deadStream != null) {
                closedStreams = closedStreams.plusStream(deadStream.statistics());
            }
            Thread teardown = Threads.daemon("gige-teardown-" + address, () -> {
                if (deadStream != null) {
                    deadStream.close();
                }
                deadCamera.close();
            });
            TEARDOWNS.put(address, new Teardown(teardown, System.nanoTime()));
            teardown.start();
        }
        stream = null;
        camera = null;
        unresponsive = false;
    }

    /**
     * Waits a little for a previous session with this address to finish saying goodbye; if it is still at it, fails
     * saying so (the pump tries again later) rather than holding this open() for the whole teardown.
     */
    private void awaitTeardown() throws CaptureException {
        Teardown pending = TEARDOWNS.get(address);
        if (pending == null) {
            return;
        }
        try {
            pending.thread().join(TEARDOWN_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CaptureException("Opening GigE camera '" + address + "' was cancelled");
        }
        long runningMillis = (System.nanoTime() - pending.startedNanos()) / 1_000_000;
        if (pending.thread().isAlive() && runningMillis < TEARDOWN_GIVE_UP_MS) {
            throw new CaptureException("GigE camera '" + address + "' stopped answering; Kensa is still closing the "
                    + "old connection to it (that takes up to about 15 s) and reconnects once it is done.");
        }
        if (pending.thread().isAlive()) {
            LOG.warn("Closing the old connection to GigE camera '{}' has not finished after {} s; opening it anyway.",
                    address, runningMillis / 1000);
        }
        TEARDOWNS.remove(address, pending);
    }

    private void checkControl() throws CaptureException {
        if (camera.controlLost()) {
            unresponsive = true;
            throw new CaptureException("Lost control of GigE camera '" + address + "': it stopped "
                    + "answering (cable pulled or camera powered off). Kensa reconnects when it is back.");
        }
    }

    private Map<CameraSetting, String> cameraSettings() {
        Map<CameraSetting, String> cameraSettings = new EnumMap<>(settings);
        cameraSettings.remove(CameraSetting.BUFFERS);
        cameraSettings.remove(CameraSetting.TIMEOUT_MS);
        return cameraSettings;
    }

    private static String statusText(int status) {
        return switch (status) {
            case 1 -> "buffer cleared";
            case 2 -> "timeout: packets stopped arriving";
            case 3 -> "missing packets";
            case 4 -> "wrong packet id";
            case 5 -> "frame larger than the buffer";
            case 6 -> "still filling";
            case 7 -> "aborted";
            case Aravis.BUFFER_STATUS_SUCCESS -> "not an image";
            default -> "status " + status;
        };
    }
}
