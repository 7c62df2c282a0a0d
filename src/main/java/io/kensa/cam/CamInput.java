package io.kensa.cam;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * A frame as model input, the way the detector feeds its tiles: the whole frame scaled (squashed) to
 * {@code size×size} RGB, halving first for large reductions, then normalised CHW floats. Grey frames become three
 * equal channels.
 */
final class CamInput {
    private CamInput() {}

    static BufferedImage scaled(BufferedImage src, int size) {
        BufferedImage current = src;
        int sw = src.getWidth(), sh = src.getHeight();
        while (sw >= 2 * size && sh >= 2 * size) {
            BufferedImage half = new BufferedImage(sw / 2, sh / 2, BufferedImage.TYPE_INT_RGB);
            draw(current, half, sw, sh);
            current = half;
            sw /= 2;
            sh /= 2;
        }
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        draw(current, out, sw, sh);
        return out;
    }

    private static void draw(BufferedImage src, BufferedImage dst, int w, int h) {
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, dst.getWidth(), dst.getHeight(), 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
    }

    /** Normalised CHW floats of an RGB image made by {@link #scaled}. */
    static float[] chw(BufferedImage rgb, float[] mean, float[] std) {
        int w = rgb.getWidth(), h = rgb.getHeight(), plane = w * h;
        int[] px = rgb.getType() == BufferedImage.TYPE_INT_RGB
                ? ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData() : rgb.getRGB(0, 0, w, h, null, 0, w);
        float[] out = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = px[i];
            out[i] = (((p >> 16) & 0xff) / 255f - mean[0]) / std[0];
            out[plane + i] = (((p >> 8) & 0xff) / 255f - mean[1]) / std[1];
            out[2 * plane + i] = ((p & 0xff) / 255f - mean[2]) / std[2];
        }
        return out;
    }

    /** The RGB image of normalised CHW floats (values clamped to 0..255). */
    static BufferedImage image(float[] chw, int size, float[] mean, float[] std) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        int plane = size * size;
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < plane; i++) {
            int r = byteOf(chw[i] * std[0] + mean[0]);
            int g = byteOf(chw[plane + i] * std[1] + mean[1]);
            int b = byteOf(chw[2 * plane + i] * std[2] + mean[2]);
            px[i] = (r << 16) | (g << 8) | b;
        }
        return out;
    }

    private static int byteOf(float unit) {
        return Math.max(0, Math.min(255, Math.round(unit * 255f)));
    }
}
