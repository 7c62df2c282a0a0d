package io.kensa.detect;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Path;

/**
 * Ground-truth masks resampled to an anomaly map's grid. A pixel is a defect when it is above half the mask's
 * brightest value, so 0/255 masks (MVTec) and 0/1 masks (a common export format) both read correctly.
 */
public final class Masks {
    private Masks() {}

    public static boolean[] read(Path file, int width, int height) throws DetectException {
        BufferedImage mask = Images.read(file);
        Raster r = mask.getRaster();
        boolean[] out = new boolean[width * height];
        int brightest = 0;
        for (int y = 0; y < mask.getHeight(); y++) {
            for (int x = 0; x < mask.getWidth(); x++) {
                brightest = Math.max(brightest, r.getSample(x, y, 0));
            }
        }
        if (brightest == 0) {
            return out; // an empty mask: no defect pixels
        }
        int cut = brightest / 2;
        for (int y = 0; y < height; y++) {
            int sy = Math.min(mask.getHeight() - 1, (int) ((y + 0.5) * mask.getHeight() / height));
            for (int x = 0; x < width; x++) {
                int sx = Math.min(mask.getWidth() - 1, (int) ((x + 0.5) * mask.getWidth() / width));
                out[y * width + x] = r.getSample(sx, sy, 0) > cut;
            }
        }
        return out;
    }
}
