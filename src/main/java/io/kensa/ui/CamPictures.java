package io.kensa.ui;

import io.kensa.capture.FrameScaling;
import io.kensa.detect.ColourMap;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * The audit's pictures as ARGB images, drawn on a background thread (never on the FX thread): an image with its
 * Grad-CAM in a colour map over it (alpha follows the value, as on the Inspect tab) and its defect mask outlined, and a
 * class's mean CAM on its own. The CAM and the mask are on the square model input, so the image is drawn square too.
 */
final class CamPictures {
    static final int OUTLINE = 0xffffffff;

    private CamPictures() {}

    /**
     * @param cam  normalised CAM, {@code camSide²} row-major
     * @param mask defect mask at {@code size²}, or null
     */
    static BufferedImage overlay(BufferedImage image, float[] cam, int camSide, boolean[] mask, int size, ColourMap colours) {
        BufferedImage out = FrameScaling.resized(image, size, size);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double v = sample(cam, camSide, (x + 0.5) / size, (y + 0.5) / size);
                int i = y * size + x;
                px[i] = blend(px[i], colours.rgb(v), 0.65 * Math.sqrt(v));
                if (mask != null && mask[i] && onEdge(mask, size, x, y)) {
                    px[i] = OUTLINE;
                }
            }
        }
        return out;
    }

    /** The mean CAM of a class in its colour map, opaque. */
    static BufferedImage map(float[] cam, int camSide, int size, ColourMap colours) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                px[y * size + x] = 0xff000000 | (colours.rgb(sample(cam, camSide, (x + 0.5) / size, (y + 0.5) / size)) & 0xffffff);
            }
        }
        return out;
    }

    /** A copy scaled to fit {@code size} (its side), for the prototypes' neighbours. */
    static BufferedImage scaled(BufferedImage image, int size) {
        return FrameScaling.fitInto(image, size, size);
    }

    /** Bilinear sample of a square map at (u, v) in [0,1]², clamped to [0,1]. */
    private static double sample(float[] map, int side, double u, double v) {
        double x = Math.max(0, Math.min(side - 1, u * side - 0.5)), y = Math.max(0, Math.min(side - 1, v * side - 0.5));
        int x0 = (int) x, y0 = (int) y, x1 = Math.min(x0 + 1, side - 1), y1 = Math.min(y0 + 1, side - 1);
        double fx = x - x0, fy = y - y0;
        double top = map[y0 * side + x0] * (1 - fx) + map[y0 * side + x1] * fx;
        double bottom = map[y1 * side + x0] * (1 - fx) + map[y1 * side + x1] * fx;
        return Math.max(0, Math.min(1, top * (1 - fy) + bottom * fy));
    }

    private static int blend(int under, int over, double alpha) {
        int r = mix(under >> 16, over >> 16, alpha), g = mix(under >> 8, over >> 8, alpha), b = mix(under, over, alpha);
        return 0xff000000 | (r << 16) | (g << 8) | b;
    }

    private static int mix(int a, int b, double alpha) {
        return (int) Math.round((a & 0xff) * (1 - alpha) + (b & 0xff) * alpha);
    }

    /** A mask pixel with a neighbour outside the mask (or at the border): the outline. */
    private static boolean onEdge(boolean[] mask, int size, int x, int y) {
        return x == 0 || y == 0 || x == size - 1 || y == size - 1 || !mask[y * size + x - 1] || !mask[y * size + x + 1]
                || !mask[(y - 1) * size + x] || !mask[(y + 1) * size + x];
    }
}
