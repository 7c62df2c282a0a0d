package io.kensa.capture;

import java.awt.image.BufferedImage;
import java.time.Instant;

/**
 * One captured image. The image is shared between threads: nobody may draw on it after capture
 * (copy it first when an overlay is needed).
 *
 * @param sequence  frame number within the source's run, from 1
 * @param source    the source spec it came from (e.g. {@code folder:/data/bottle})
 * @param origin    where inside the source it came from (a file name, a video timestamp, a camera id)
 */
public record Frame(long sequence, Instant capturedAt, String source, String origin, BufferedImage image) {
    public int width() {
        return image.getWidth();
    }

    public int height() {
        return image.getHeight();
    }
}
