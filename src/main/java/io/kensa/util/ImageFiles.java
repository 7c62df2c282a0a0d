package io.kensa.util;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Which files are images to replay, train or calibrate on: the one rule for the folder camera, the window's training
 * and {@code kensa train}. Every format the JDK decodes (PNG, JPEG, BMP, GIF, TIFF); hidden files (macOS {@code ._x.png},
 * {@code .DS_Store}) never. Also the one pixel cap for images from outside (replayed frames, reference images).
 */
public final class ImageFiles {
    /** The accepted formats, as messages name them. */
    public static final String FORMATS = "PNG, JPEG, BMP, GIF or TIFF";
    /** 100 megapixels: beyond inspection cameras; a colour image this size already takes 300 MB of memory. */
    public static final long MAX_PIXELS = 100_000_000L;
    private static final Set<String> SUFFIXES = Set.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff");

    private ImageFiles() {}

    /** True for a name like {@code a.PNG} or {@code 001.tiff}; false for hidden names and other or no extensions. */
    public static boolean hasImageName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return !fileName.startsWith(".") && dot > 0
                && SUFFIXES.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** A regular file with an image name. */
    public static boolean isImageFile(Path file) {
        Path name = file.getFileName();
        return name != null && hasImageName(name.toString()) && Files.isRegularFile(file);
    }

    /** The image files directly in {@code folder}, sorted by path. */
    public static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(ImageFiles::isImageFile).sorted().toList();
        }
    }

    /**
     * Decodes the first image of a stream; empty when no decoder knows the format. The size in the header is checked
     * first: a damaged header can claim a huge image, and decoding it would first try to allocate all of it.
     *
     * @throws TooLarge when the header claims more than {@link #MAX_PIXELS}
     */
    public static Optional<BufferedImage> decode(ImageInputStream in) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            return Optional.empty();
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            long width = reader.getWidth(0);
            long height = reader.getHeight(0);
            if (width * height > MAX_PIXELS) {
                throw new TooLarge(String.format(Locale.ROOT, "its header says %d×%d pixels, more than the %d "
                        + "megapixels Kensa reads (image too large or its header is damaged)", width, height,
                        MAX_PIXELS / 1_000_000));
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
