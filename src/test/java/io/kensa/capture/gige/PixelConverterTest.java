package io.kensa.capture.gige;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class PixelConverterTest {

    /** Red position inside the 2x2 cell per pattern: RG (0,0), GR (1,0), GB (0,1), BG (1,1). */
    private static final int[][] PATTERNS = {
            {PixelConverter.BAYER_RG_8, 0, 0}, {PixelConverter.BAYER_GR_8, 1, 0},
            {PixelConverter.BAYER_GB_8, 0, 1}, {PixelConverter.BAYER_BG_8, 1, 1}};

    @Test
    void demosaicsEveryBayerLayoutBackToTheColoursItWasSampledFrom() {
        int w = 64;
        int h = 48;
        for (int[] p : PATTERNS) {
            // left half pure red, right half pure blue, a green band across the middle rows
            byte[] raw = mosaic(w, h, p[1], p[2], (x, y) -> y >= 20 && y < 28 ? 0x00ff00 : x < w / 2 ? 0xff0000 : 0x0000ff);
            BufferedImage image = PixelConverter.toImage(p[0], w, h, raw);
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, image.getType());
            assertEquals(w, image.getWidth());
            assertEquals(h, image.getHeight());
            String name = PixelConverter.name(p[0]).orElseThrow();
            // away from the colour borders bilinear interpolation is exact, including the image edges
            assertEquals(0xff0000, image.getRGB(0, 0) & 0xffffff, name + " top-left corner");
            assertEquals(0xff0000, image.getRGB(10, 10) & 0xffffff, name);
            assertEquals(0x0000ff, image.getRGB(w - 1, h - 1) & 0xffffff, name + " bottom-right corner");
            assertEquals(0x0000ff, image.getRGB(50, 40) & 0xffffff, name);
            assertEquals(0x00ff00, image.getRGB(5, 24) & 0xffffff, name + " green band");
            assertEquals(0x00ff00, image.getRGB(w - 1, 23) & 0xffffff, name + " green band, right edge");
        }
    }

    @Test
    void smoothColourGradientSurvivesDemosaicWithinAFewLevels() {
        int w = 40;
        int h = 30;
        Pixel gradient = (x, y) -> ((x * 6) << 16) | ((y * 8) << 8) | (255 - x * 6);
        for (int[] p : PATTERNS) {
            BufferedImage image = PixelConverter.toImage(p[0], w, h, mosaic(w, h, p[1], p[2], gradient));
            for (int y = 1; y < h - 1; y++) {
                for (int x = 1; x < w - 1; x++) {
                    int got = image.getRGB(x, y);
                    int want = gradient.rgb(x, y);
                    for (int shift = 0; shift <= 16; shift += 8) {
                        int d = Math.abs(((got >> shift) & 0xff) - ((want >> shift) & 0xff));
                        assertTrue(d <= 1, "pattern " + PixelConverter.name(p[0]).orElseThrow() + " at " + x + "," + y);
                    }
                }
            }
        }
    }

    @Test
    void wrongLayoutSwapsRedAndBlue() {
        byte[] raw = mosaic(16, 16, 0, 0, (x, y) -> 0xff0000);
        BufferedImage asBg = PixelConverter.toImage(PixelConverter.BAYER_BG_8, 16, 16, raw);
        assertEquals(0x0000ff, asBg.getRGB(8, 8) & 0xffffff);
    }

    @Test
    void packedColourAndGreyFormatsKeepTheirValues() {
        byte[] rgb = {10, 20, 30, 40, 50, 60};
        BufferedImage fromRgb = PixelConverter.toImage(PixelConverter.RGB_8, 2, 1, rgb);
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, fromRgb.getType());
        assertEquals((10 << 16) | (20 << 8) | 30, fromRgb.getRGB(0, 0) & 0xffffff);
        BufferedImage fromBgr = PixelConverter.toImage(PixelConverter.BGR_8, 2, 1, rgb);
        assertEquals((60 << 16) | (50 << 8) | 40, fromBgr.getRGB(1, 0) & 0xffffff);

        BufferedImage mono = PixelConverter.toImage(PixelConverter.MONO_8, 3, 1, new byte[] {0, (byte) 128, (byte) 255});
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, mono.getType());
        assertEquals(255, mono.getRaster().getSample(2, 0, 0));
        assertEquals(128, mono.getRaster().getSample(1, 0, 0));

        // Mono16 is little-endian: 0x80ff shows as 0x80
        BufferedImage mono16 = PixelConverter.toImage(PixelConverter.MONO_16, 1, 1, new byte[] {(byte) 0xff, (byte) 0x80});
        assertEquals(0x80, mono16.getRaster().getSample(0, 0, 0));
        assertEquals(2L * 4 * 3, PixelConverter.frameBytes(PixelConverter.MONO_16, 4, 3));
    }

    private interface Pixel {
        int rgb(int x, int y);
    }

    /** Samples an RGB picture through a colour filter array whose red site is at (redX, redY) in each 2x2 cell. */
    private static byte[] mosaic(int w, int h, int redX, int redY, Pixel picture) {
        byte[] raw = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = picture.rgb(x, y);
                boolean redRow = (y & 1) == redY;
                boolean redColumn = (x & 1) == redX;
                int value = redRow && redColumn ? rgb >> 16 : !redRow && !redColumn ? rgb : rgb >> 8;
                raw[y * w + x] = (byte) (value & 0xff);
            }
        }
        return raw;
    }
}
