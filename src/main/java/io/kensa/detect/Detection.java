package io.kensa.detect;

import java.util.List;

/**
 * The detector's verdict on one frame.
 *
 * @param score        image-level anomaly score (raw units, same as threshold)
 * @param threshold    the calibrated decision threshold of the model that produced this
 * @param map          anomaly map covering the whole frame
 * @param colourLow    score drawn as the coldest colour (fixed by calibration, identical on every frame)
 * @param colourHigh   score drawn as the hottest colour
 * @param regions      connected regions above the threshold, largest first
 * @param frameWidth   size of the frame that was scored
 * @param timings      where the time went
 * @param device       compute device actually used (e.g. {@code cpu()}, {@code gpu(0)})
 */
public record Detection(double score, double threshold, AnomalyMap map, double colourLow, double colourHigh,
                        List<Region> regions, int frameWidth, int frameHeight, DetectTimings timings, String device) {
    public Detection {
        regions = List.copyOf(regions);
    }

    /**
     * Whether the frame is flagged. A non-finite score, threshold or map (a corrupted model, a failing engine) is
     * flagged too: {@code NaN > threshold} is false, and a part must never pass because the numbers broke.
     */
    public boolean anomalous() {
        return fault().isPresent() || score > threshold;
    }

    /** Why this verdict cannot be trusted (non-finite numbers), empty when it is sound. */
    public java.util.Optional<String> fault() {
        if (!Double.isFinite(score)) {
            return java.util.Optional.of("the anomaly score is " + score);
        }
        if (!Double.isFinite(threshold)) {
            return java.util.Optional.of("the model's threshold is " + threshold);
        }
        for (float v : map.values()) {
            if (!Float.isFinite(v)) {
                return java.util.Optional.of("the anomaly map holds " + v);
            }
        }
        return java.util.Optional.empty();
    }

    /** The station fault message for an inspector, when {@link #fault()} is present. */
    public java.util.Optional<String> faultMessage() {
        return fault().map(f -> "Station fault: " + f + ", so this frame was flagged and recorded as a case, not passed."
                + " The model or the engine is damaged: retrain the recipe's model (or delete its cached model file) before"
                + " relying on the station again.");
    }

    /** Milliseconds per stage for one detection. */
    public record DetectTimings(double backboneMs, double nearestNeighbourMs, double mapMs) {}
}
