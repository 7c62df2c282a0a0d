package io.kensa.capture;

import java.util.List;

/**
 * Counters of one {@link FramePump} at one moment. Rates are over the last two seconds.
 *
 * @param captured       frames the source delivered since start
 * @param capturedBytes  pixel bytes of those frames
 * @param failures       times the source failed to open or failed while running
 * @param reconnects     times it came back after a failure
 */
public record CaptureStats(String source, CaptureEvent.Kind state, long captured, double captureFps, long capturedBytes,
                           long failures, long reconnects, List<Consumer> consumers) {

    public CaptureStats {
        consumers = List.copyOf(consumers);
    }

    /**
     * One subscriber: {@code delivered} frames it took, {@code dropped} frames replaced by a newer one before it
     * took them (latest frame wins), {@code fps} the rate at which it takes frames.
     */
    public record Consumer(String name, long delivered, long dropped, double fps) {}
}
