package io.kensa.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class FrameScalingTest {

    @Test
    void fitsIntoTheViewKeepingAspectRatioAsIntArgb() throws Exception {
        BufferedImage square = ImageIO.read(DemoImages.good(1).get(0).toFile());
        BufferedImage view = FrameScaling.fitInto(square, 1280, 800);
        assertEquals(BufferedImage.TYPE_INT_ARGB, view.getType());
        assertEquals(800, view.getWidth());
        assertEquals(800, view.getHeight());

        BufferedImage wide = FrameScaling.fitInto(new BufferedImage(1920, 1080, BufferedImage.TYPE_3BYTE_BGR), 1280, 800);
        assertEquals(1280, wide.getWidth());
        assertEquals(720, wide.getHeight());
        // the centre pixel of the scaled demo image is the centre pixel of the original (smooth bottle interior)
        int expected = square.getRGB(160, 160) & 0xFFFFFF;
        int got = view.getRGB(400, 400) & 0xFFFFFF;
        for (int shift = 0; shift < 24; shift += 8) {
            assertEquals((expected >> shift) & 0xFF, (got >> shift) & 0xFF, 12.0, "channel at bit " + shift);
        }
    }
}
