package io.kensa.cam;

/**
 * A Grad-CAM map for one frame: where the classifier looked when scoring {@code className}. Values are ReLU(Σ_k α_k
 * A_k) at {@code stage}, bilinearly upsampled to the frame ({@code width×height}, row-major) and min-max normalised
 * to [0,1] (all 0 when no location raises the score). The UI overlays it with its own colour map; it is not an
 * anomaly map.
 *
 * @param probability the scorer's softmax probability of {@code classIndex} for this frame
 * @param device      where the pass ran, e.g. {@code cpu()}
 */
public record CamMap(int classIndex, String className, double probability, String stage, int width, int height,
                     float[] values, String device) {
    public CamMap {
        if (values.length != width * height) {
            throw new IllegalArgumentException("CamMap needs " + width + "x" + height + " values, got " + values.length);
        }
    }

    public float at(int x, int y) {
        return values[y * width + x];
    }
}
