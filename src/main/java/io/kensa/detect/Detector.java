package io.kensa.detect;

import java.awt.image.BufferedImage;

/** Scores frames. One detector is used from one worker thread; it owns its native memory. */
public interface Detector extends AutoCloseable {
    Detection detect(BufferedImage image) throws DetectException;

    @Override
    void close();
}
