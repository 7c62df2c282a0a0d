package io.kensa.detect;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Path;

/** Ground-truth masks (non-zero = defect) resampled to an anomaly map's grid. */
final class Masks {
    private Masks() {}

    static boolean[] read(Path file, int width, int height) throws DetectException {
        BufferedImage mask = Images.read(file);
        Raster r = mask.getRaster();
        boolean[] out = new boolean[width * height];
        for (int y = 0; y < height; y++) {
            int sy = Math.min(mask.getHeight() - 1, (int) ((y + 0.5) * mask.getHeight() / height));
            for (int x = 0; x < width; x++) {
                int sx = Math.min(mask.getWidth() - 1, (int) ((x + 0.5) * mask.getWidth() / width));
                out[y * width + x] = r.getSample(sx, sy, 0) > 127;
            }
        }
        return out;
    }
}
