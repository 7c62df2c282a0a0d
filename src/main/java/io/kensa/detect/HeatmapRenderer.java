package io.kensa.detect;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Draws a detection for an overlay, without JavaFX: the anomaly map as an ARGB heatmap on the calibrated,
 * fixed colour scale ({@link Detection#colourLow()} … {@link Detection#colourHigh()}), and the outlines of
 * the regions above the threshold. The UI converts the images with {@code SwingFXUtils.toFXImage}.
 */
public final class HeatmapRenderer {
    private HeatmapRenderer() {}

    /**
     * The map resampled (bilinear) to {@code width×height}, coloured with {@code colours}, alpha = {@code opacity}.
     * Values fade in linearly from a quarter of the scale to its middle (the threshold, by calibration), so the
     * normal texture of a good part stays clear and only what approaches the threshold is tinted.
     */
    public static BufferedImage heatmap(Detection d, int width, int height, ColourMap colours, double opacity) {
        float[] v = MapFilters.resize(d.map().values(), d.map().width(), d.map().height(), width, height);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        double low = d.colourLow(), span = Math.max(1e-12, d.colourHigh() - d.colourLow());
        double alpha = Math.max(0, Math.min(1, opacity)) * 255;
        for (int i = 0; i < px.length; i++) {
            double t = (v[i] - low) / span;
            double fade = Math.max(0, Math.min(1, (t - 0.25) * 4));
            int a = (int) Math.round(alpha * fade);
            px[i] = (a << 24) | colours.rgb(t);
        }
        return out;
    }

    /** Pixels on the border of {@code map > threshold} regions in {@code argb}, everything else transparent. */
    public static BufferedImage outlines(Detection d, int width, int height, int argb) {
        float[] v = MapFilters.resize(d.map().values(), d.map().width(), d.map().height(), width, height);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        double th = d.threshold();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int i = y * width + x;
                if (!(v[i] > th)) {
                    continue;
                }
                boolean edge = x == 0 || y == 0 || x == width - 1 || y == height - 1
                        || !(v[i - 1] > th) || !(v[i + 1] > th) || !(v[i - width] > th) || !(v[i + width] > th);
                if (edge) {
                    px[i] = argb;
                }
            }
        }
        return out;
    }

    /** A vertical legend strip ({@code width×height}, hottest at the top) for the same fixed scale. */
    public static BufferedImage legend(int width, int height, ColourMap colours) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < height; y++) {
            int rgb = 0xff000000 | colours.rgb(1 - (double) y / Math.max(1, height - 1));
            for (int x = 0; x < width; x++) {
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }
}
