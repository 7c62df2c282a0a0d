package io.kensa.llm;

import io.kensa.detect.AnomalyMap;
import io.kensa.detect.Detection;
import java.awt.image.BufferedImage;

/**
 * A {@link Detection} made from a binary mask (e.g. an MVTec ground-truth mask): every white pixel is anomalous.
 * Lets the explainers run before, or independently of, the real detector ({@code kensa explain --mask}).
 */
public final class MaskDetections {
    /** The map value of a masked pixel; the threshold is half of it. */
    private static final float ON = 1f;

    private MaskDetections() {}

    /** Pixels brighter than mid-grey are anomalous. The mask is scaled over the frame if sizes differ. */
    public static Detection fromMask(BufferedImage mask, int frameWidth, int frameHeight) {
        int w = mask.getWidth();
        int h = mask.getHeight();
        float[] values = new float[w * h];
        boolean any = false;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = mask.getRGB(x, y);
                int grey = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
                values[y * w + x] = grey > 127 ? ON : 0f;
                any |= grey > 127;
            }
        }
        AnomalyMap map = new AnomalyMap(w, h, values);
        double threshold = ON / 2;
        MapGeometry g = MapGeometry.of(map, threshold, frameWidth, frameHeight);
        return new Detection(any ? ON : 0, threshold, map, 0, ON, g.regions(map), frameWidth, frameHeight,
                new Detection.DetectTimings(0, 0, 0), "ground-truth mask");
    }
}
