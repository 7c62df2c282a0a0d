package io.kensa.capture.gige;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.List;
import java.util.Optional;

/**
 * Turns one camera buffer (GenICam PFNC pixel format) into a BufferedImage: grey formats to TYPE_BYTE_GRAY,
 * colour and Bayer formats to TYPE_3BYTE_BGR. Bayer mosaics are demosaiced bilinearly.
 */
final class PixelConverter {

    // PFNC codes, as in arvenums.h
    static final int MONO_8 = 0x01080001;
    static final int MONO_16 = 0x01100007;
    static final int BAYER_GR_8 = 0x01080008;
    static final int BAYER_RG_8 = 0x01080009;
    static final int BAYER_GB_8 = 0x0108000a;
    static final int BAYER_BG_8 = 0x0108000b;
    static final int RGB_8 = 0x02180014;
    static final int BGR_8 = 0x02180015;

    /** Pixel format names Kensa can turn into images, in GenICam spelling (what cameras list). */
    static final List<String> SUPPORTED = List.of(
            "Mono8", "Mono16", "BayerRG8", "BayerGR8", "BayerGB8", "BayerBG8", "RGB8", "BGR8",
            // older GenICam spellings of the packed colour formats
            "RGB8Packed", "BGR8Packed");

    private PixelConverter() {}

    static boolean isSupported(int format) {
        return name(format).isPresent();
    }

    static Optional<String> name(int format) {
        return Optional.ofNullable(switch (format) {
            case MONO_8 -> "Mono8";
            case MONO_16 -> "Mono16";
            case BAYER_GR_8 -> "BayerGR8";
            case BAYER_RG_8 -> "BayerRG8";
            case BAYER_GB_8 -> "BayerGB8";
            case BAYER_BG_8 -> "BayerBG8";
            case RGB_8 -> "RGB8";
            case BGR_8 -> "BGR8";
            default -> null;
        });
    }

    /** Bytes one frame of this format needs. */
    static long frameBytes(int format, int width, int height) {
        int bitsPerPixel = (format >> 16) & 0xff;
        return (long) width * height * bitsPerPixel / 8;
    }

    /**
     * Builds a new image from {@code data} (exactly {@link #frameBytes} long).
     *
     * @throws IllegalArgumentException for a format outside {@link #SUPPORTED}
     */
    static BufferedImage toImage(int format, int width, int height, byte[] data) {
        return switch (format) {
            case MONO_8 -> gray(width, height, data);
            case MONO_16 -> gray16(width, height, data);
            case RGB_8 -> packed(width, height, data, true);
            case BGR_8 -> packed(width, height, data, false);
            // red position inside the 2x2 cell: RG (0,0), GR (1,0), GB (0,1), BG (1,1)
            case BAYER_RG_8 -> demosaic(width, height, data, 0, 0);
            case BAYER_GR_8 -> demosaic(width, height, data, 1, 0);
            case BAYER_GB_8 -> demosaic(width, height, data, 0, 1);
            case BAYER_BG_8 -> demosaic(width, height, data, 1, 1);
            default -> throw new IllegalArgumentException(String.format("pixel format 0x%08x", format));
        };
    }

    private static BufferedImage gray(int width, int height, byte[] data) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(data, 0, pixels(image), 0, width * height);
        return image;
    }

    // GenICam Mono16 is little-endian; the high byte is the 8-bit view of it
    private static BufferedImage gray16(int width, int height, byte[] data) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = pixels(image);
        for (int i = 0; i < out.length; i++) {
            out[i] = data[2 * i + 1];
        }
        return image;
    }

    private static BufferedImage packed(int width, int height, byte[] data, boolean rgb) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] out = pixels(image);
        int n = width * height * 3;
        if (!rgb) {
            System.arraycopy(data, 0, out, 0, n);
            return image;
        }
        for (int i = 0; i < n; i += 3) {
            out[i] = data[i + 2];
            out[i + 1] = data[i + 1];
            out[i + 2] = data[i];
        }
        return image;
    }

    /**
     * Bilinear demosaic: each missing colour is the mean of the nearest samples of that colour (2 or 4).
     * Edges mirror by one pixel, which keeps the mosaic's parity, so border pixels use real samples.
     */
    static BufferedImage demosaic(int width, int height, byte[] raw, int redX, int redY) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] out = pixels(image);
        int[] left = new int[width];
        int[] right = new int[width];
        for (int x = 0; x < width; x++) {
            left[x] = x > 0 ? x - 1 : Math.min(1, width - 1);
            right[x] = x < width - 1 ? x + 1 : Math.max(width - 2, 0);
        }
        for (int y = 0; y < height; y++) {
            int row = y * width;
            int up = (y > 0 ? y - 1 : Math.min(1, height - 1)) * width;
            int down = (y < height - 1 ? y + 1 : Math.max(height - 2, 0)) * width;
            boolean redRow = (y & 1) == redY;
            int o = row * 3;
            for (int x = 0; x < width; x++, o += 3) {
                int l = left[x];
                int r = right[x];
                int centre = raw[row + x] & 0xff;
                int horizontal = ((raw[row + l] & 0xff) + (raw[row + r] & 0xff) + 1) >> 1;
                int vertical = ((raw[up + x] & 0xff) + (raw[down + x] & 0xff) + 1) >> 1;
                boolean redColumn = (x & 1) == redX;
                int red;
                int green;
                int blue;
                if (redRow == redColumn) {
                    // a red or blue site: green from the 4 neighbours, the other colour from the 4 diagonals
                    int cross = ((raw[up + x] & 0xff) + (raw[down + x] & 0xff)
                            + (raw[row + l] & 0xff) + (raw[row + r] & 0xff) + 2) >> 2;
                    int diagonal = ((raw[up + l] & 0xff) + (raw[up + r] & 0xff)
                            + (raw[down + l] & 0xff) + (raw[down + r] & 0xff) + 2) >> 2;
                    green = cross;
                    if (redRow) {
                        red = centre;
                        blue = diagonal;
                    } else {
                        red = diagonal;
                        blue = centre;
                    }
                } else {
                    // a green site: the row's other colour left/right, the column's colour above/below
                    green = centre;
                    if (redRow) {
                        red = horizontal;
                        blue = vertical;
                    } else {
                        red = vertical;
                        blue = horizontal;
                    }
                }
                out[o] = (byte) blue;
                out[o + 1] = (byte) green;
                out[o + 2] = (byte) red;
            }
        }
        return image;
    }

    private static byte[] pixels(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }
}
