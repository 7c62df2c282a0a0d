package io.kensa.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Which files are images to replay, train or calibrate on: the one rule for the folder camera, the window's training
 * and {@code kensa train}. Every format the JDK decodes (PNG, JPEG, BMP, GIF, TIFF); hidden files (macOS {@code ._x.png},
 * {@code .DS_Store}) never.
 */
public final class ImageFiles {
    /** The accepted formats, as messages name them. */
    public static final String FORMATS = "PNG, JPEG, BMP, GIF or TIFF";
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
}
