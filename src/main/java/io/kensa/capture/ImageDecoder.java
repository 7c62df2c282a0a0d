package io.kensa.capture;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decoding an image that came from outside (a replayed frame, a prompt profile's reference image) under one pixel cap,
 * read from the header before any pixel is allocated.
 */
public final class ImageDecoder {
    /** 100 megapixels: beyond inspection cameras; a colour image this size already takes 300 MB of memory. */
    public static final long MAX_PIXELS = 100_000_000L;

    private ImageDecoder() {}

    /**
     * Decodes the first image of a stream; empty when no decoder knows the format. The size in the header is checked
     * first: a damaged header can claim a huge image, and decoding it would first try to allocate all of it.
     *
     * @throws TooLarge when the header claims more than {@link #MAX_PIXELS}
     */
    public static Optional<BufferedImage> decode(ImageInputStream in) throws IOException {
        return decode(in, MAX_PIXELS);
    }

    /** {@link #decode(ImageInputStream)} with another cap (the fuzz tests' small heap). */
    static Optional<BufferedImage> decode(ImageInputStream in, long maxPixels) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            return Optional.empty();
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            long width = reader.getWidth(0);
            long height = reader.getHeight(0);
            if (width * height > maxPixels) {
                throw new TooLarge(String.format(Locale.ROOT, "its header says %d×%d pixels, more than the %d "
                        + "megapixels Kensa reads (image too large or its header is damaged)", width, height,
                        maxPixels / 1_000_000));
            }
            return Optional.ofNullable(reader.read(0));
        } finally {
            reader.dispose();
        }
    }

    /** A header that claims more pixels than {@link #MAX_PIXELS}; the message says how many. */
    public static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }
}
