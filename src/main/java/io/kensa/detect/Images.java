package io.kensa.detect;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reading images with clear errors, and turning them into normalised model input. */
public final class Images {
    /** Smallest side accepted for training and evaluation images. */
    public static final int MIN_SIDE = 32;

    private Images() {}

    /** Reads an image file; unreadable, unknown or tiny images fail with a message naming the file. */
    public static BufferedImage read(Path file) throws DetectException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DetectException("Cannot read image " + file + ": the file is damaged or not an image ("
                    + e.getMessage() + "). Replace or remove it.", e);
        }
        if (image == null) {
            throw new DetectException("Cannot read image " + file + ": not a PNG, JPEG, BMP or GIF image."
                    + " Convert or remove it.");
        }
        if (Math.min(image.getWidth(), image.getHeight()) < MIN_SIDE) {
            throw new DetectException("Image " + file + " is only " + image.getWidth() + "x" + image.getHeight()
                    + " pixels; at least " + MIN_SIDE + " pixels per side are needed.");
        }
        return image;
    }

    /** True for single-channel (grey) images, whatever their bit depth. */
    public static boolean isGrey(BufferedImage image) {
        return image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
    }

    /** A colour image as the single-channel image a grey camera would give (for models trained on grey images). */
    static BufferedImage grey(BufferedImage colour) {
        BufferedImage grey = new BufferedImage(colour.getWidth(), colour.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        try {
            g.drawImage(colour, 0, 0, null);
        } finally {
            g.dispose();
        }
        return grey;
    }

    /**
     * The image (or a part of it) scaled to {@code w×h} RGB. Reductions of 2× or more go in halving steps first: one
     * bilinear pass only samples 2×2 source pixels per output pixel and would alias fine texture.
     */
    static BufferedImage scaledRgb(BufferedImage src, int x, int y, int cw, int ch, int w, int h) {
        BufferedImage current = src;
        int cx = x, cy = y, sw = cw, sh = ch;
        while (sw >= 2 * w && sh >= 2 * h) {
            int hw = sw / 2, hh = sh / 2;
            BufferedImage half = new BufferedImage(hw, hh, BufferedImage.TYPE_INT_RGB);
            draw(current, half, cx, cy, sw, sh);
            current = half;
            cx = 0;
            cy = 0;
            sw = hw;
            sh = hh;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        draw(current, out, cx, cy, sw, sh);
        return out;
    }

    private static void draw(BufferedImage src, BufferedImage dst, int x, int y, int w, int h) {
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, dst.getWidth(), dst.getHeight(), x, y, x + w, y + h, null);
        } finally {
            g.dispose();
        }
    }

    /** Writes an RGB image as normalised CHW floats into {@code out} at {@code offset}. */
    static void toChw(BufferedImage rgb, float[] mean, float[] std, float[] out, int offset) {
        int w = rgb.getWidth(), h = rgb.getHeight(), plane = w * h;
        int[] px = ((DataBufferInt) rgb.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < plane; i++) {
            int p = px[i];
            out[offset + i] = (((p >> 16) & 0xff) / 255f - mean[0]) / std[0];
            out[offset + plane + i] = (((p >> 8) & 0xff) / 255f - mean[1]) / std[1];
            out[offset + 2 * plane + i] = ((p & 0xff) / 255f - mean[2]) / std[2];
        }
    }
}
