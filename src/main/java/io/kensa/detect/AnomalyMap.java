package io.kensa.detect;

/**
 * Per-pixel anomaly scores covering the whole frame, at the map's own resolution (row-major, {@code width*height}).
 * Scores are in the detector's raw units, comparable to {@link Detection#threshold()}; scale to the frame size
 * when drawing. The array is never modified after construction.
 */
public record AnomalyMap(int width, int height, float[] values) {
    public AnomalyMap {
        if (values.length != width * height) {
            throw new IllegalArgumentException("anomaly map has " + values.length + " values for " + width + "x" + height);
        }
    }

    public float at(int x, int y) {
        return values[y * width + x];
    }

    public float max() {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
