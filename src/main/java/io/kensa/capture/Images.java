package io.kensa.capture;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;

/** Pixel copies between decoders and {@link BufferedImage}s in the few types the rest of Kensa draws fast. */
final class Images {
    private Images() {}

    /** Decoders sometimes return palette or 16-bit images that are slow to draw: redraw those as 8-bit BGR(A). */
    static BufferedImage standardType(BufferedImage image) {
        return switch (image.getType()) {
            case BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_GRAY,
                 BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_INT_ARGB -> image;
            default -> {
                BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(),
                        image.getColorModel().hasAlpha() ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = copy.createGraphics();
                g.drawImage(image, 0, 0, null);
                g.dispose();
                yield copy;
            }
        };
    }

    /**
     * Copies 8-bit BGR (3 channels) or grey (1 channel) rows, {@code stride} bytes apart, into a new image the
     * caller owns (decoders reuse their buffers, frames are shared between threads).
     */
    static BufferedImage fromBgr(ByteBuffer pixels, int width, int height, int stride, int channels) {
        int type = switch (channels) {
            case 3 -> BufferedImage.TYPE_3BYTE_BGR;
            case 1 -> BufferedImage.TYPE_BYTE_GRAY;
            default -> throw new IllegalArgumentException("Expected 1 or 3 channels, got " + channels);
        };
        BufferedImage image = new BufferedImage(width, height, type);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        int row = width * channels;
        ByteBuffer source = pixels.duplicate();
        for (int y = 0; y < height; y++) {
            source.position(y * stride);
            source.get(target, y * row, row);
        }
        return image;
    }
}
