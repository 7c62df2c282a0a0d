package io.kensa.capture;

import java.util.Map;

/**
 * A camera or replay. Implementations are used from one capture thread only; they own their native handles
 * and release them in {@link #close()}. {@link #grab()} paces itself (a replay waits for its frame interval,
 * a camera waits for its next frame).
 */
public interface FrameSource extends AutoCloseable {

    /** The spec string that names this source everywhere: {@code folder:PATH}, {@code video:PATH}, {@code usb:0}, {@code gige://ADDRESS}. */
    String spec();

    /** Opens the device or file. Throws with a message a person can act on (missing, busy, unreadable). */
    void open() throws CaptureException;

    /** The next frame; blocks until it is due. Throws when the device is gone (the pump reopens it). */
    Frame grab() throws CaptureException;

    /**
     * Source-specific counters since open, e.g. a GigE camera's completed / failed buffers and missing packets;
     * empty when the source has none. Safe to call from any thread.
     */
    default Map<String, Long> counters() {
        return Map.of();
    }

    @Override
    void close();
}
