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

    public boolean anomalous() {
        return score > threshold;
    }

    /** Milliseconds per stage for one detection. */
    public record DetectTimings(double backboneMs, double nearestNeighbourMs, double mapMs) {}
}
