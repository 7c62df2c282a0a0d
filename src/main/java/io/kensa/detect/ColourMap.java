package io.kensa.detect;

/** Colour maps for heatmaps: 256-entry RGB lookup tables built from a few control points. */
public enum ColourMap {
    JET(new int[] {0x000080, 0x0000ff, 0x0080ff, 0x00ffff, 0x80ff80, 0xffff00, 0xff8000, 0xff0000, 0x800000}),
    INFERNO(new int[] {0x000004, 0x1f0c48, 0x550f6d, 0x88226a, 0xba3655, 0xe35933, 0xf98e09, 0xf8c932, 0xfcffa4}),
    VIRIDIS(new int[] {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725}),
    TURBO(new int[] {0x30123b, 0x4662d7, 0x36aaf9, 0x1ae4b6, 0x72fe5e, 0xc8ef34, 0xfaba39, 0xf66b19, 0x7a0403}),
    GREY(new int[] {0x000000, 0xffffff});

    private final int[] lut = new int[256];

    ColourMap(int[] stops) {
        for (int i = 0; i < 256; i++) {
            double p = i / 255.0 * (stops.length - 1);
            int a = Math.min((int) p, stops.length - 2);
            double f = p - a;
            lut[i] = mix(stops[a], stops[a + 1], f);
        }
    }

    private static int mix(int c0, int c1, double f) {
        int r = (int) Math.round(((c0 >> 16) & 0xff) * (1 - f) + ((c1 >> 16) & 0xff) * f);
        int g = (int) Math.round(((c0 >> 8) & 0xff) * (1 - f) + ((c1 >> 8) & 0xff) * f);
        int b = (int) Math.round((c0 & 0xff) * (1 - f) + (c1 & 0xff) * f);
        return (r << 16) | (g << 8) | b;
    }

    /** RGB (no alpha) for a position in [0,1] along the map (clamped). */
    public int rgb(double t) {
        int i = (int) Math.round(Math.max(0, Math.min(1, t)) * 255);
        return lut[i];
    }
}
