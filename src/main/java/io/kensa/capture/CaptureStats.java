package io.kensa.capture;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counters of one {@link FramePump} at one moment. Rates are over the last two seconds.
 *
 * @param captured       frames the source delivered since start
 * @param capturedBytes  pixel bytes of those frames
 * @param failures       times the source failed to open or failed while running
 * @param reconnects     times it came back after a failure
 * @param sourceCounters the source's own counters (see {@link FrameSource#counters()})
 */
public record CaptureStats(String source, CaptureEvent.Kind state, long captured, double captureFps, long capturedBytes,
                           long failures, long reconnects, List<Consumer> consumers, Map<String, Long> sourceCounters) {

    public CaptureStats {
        consumers = List.copyOf(consumers);
        sourceCounters = Collections.unmodifiableMap(new LinkedHashMap<>(sourceCounters)); // keep the source's order
    }

    /**
     * One subscriber: {@code delivered} frames it took, {@code dropped} frames replaced by a newer one before it
     * took them (latest frame wins), {@code fps} the rate at which it takes frames.
     */
    public record Consumer(String name, long delivered, long dropped, double fps) {}
}
