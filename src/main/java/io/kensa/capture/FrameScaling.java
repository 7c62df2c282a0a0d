package io.kensa.capture;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Scales frames for display without a UI toolkit, so the live view and the capture benchmark do the same work. */
public final class FrameScaling {
    private FrameScaling() {}

    /**
     * A new {@code TYPE_INT_ARGB} image of the frame scaled (bilinear) to fit inside {@code maxWidth}×{@code maxHeight},
     * keeping its aspect ratio — the pixel format JavaFX copies without conversion.
     */
    public static BufferedImage fitInto(BufferedImage image, int maxWidth, int maxHeight) {
        if (maxWidth <= 0 || maxHeight <= 0) {
            throw new IllegalArgumentException("A view must be at least 1×1, not " + maxWidth + "×" + maxHeight);
        }
        double scale = Math.min((double) maxWidth / image.getWidth(), (double) maxHeight / image.getHeight());
        return resized(image, Math.max(1, (int) Math.round(image.getWidth() * scale)),
                Math.max(1, (int) Math.round(image.getHeight() * scale)));
    }

    /** A new {@code TYPE_INT_ARGB} image of {@code image} drawn (bilinear) at exactly {@code width}×{@code height}. */
    public static BufferedImage resized(BufferedImage image, int width, int height) {
        BufferedImage view = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = view.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return view;
    }
}
