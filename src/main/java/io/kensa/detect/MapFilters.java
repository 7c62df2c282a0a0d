package io.kensa.detect;

/** Anomaly map post-processing in plain Java: bilinear resampling and a separable Gaussian blur. */
final class MapFilters {
    private MapFilters() {}

    /** Bilinear resampling with pixel-centre alignment (as torch's align_corners=false). */
    static float[] resize(float[] src, int sw, int sh, int dw, int dh) {
        float[] dst = new float[dw * dh];
        double sx = (double) sw / dw, sy = (double) sh / dh;
        int[] x0 = new int[dw], x1 = new int[dw];
        float[] fx = new float[dw];
        for (int x = 0; x < dw; x++) {
            double p = Math.max(0, (x + 0.5) * sx - 0.5);
            x0[x] = Math.min((int) p, sw - 1);
            x1[x] = Math.min(x0[x] + 1, sw - 1);
            fx[x] = (float) (p - x0[x]);
        }
        for (int y = 0; y < dh; y++) {
            double p = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) p, sh - 1), y1 = Math.min(y0 + 1, sh - 1);
            float fy = (float) (p - y0);
            int r0 = y0 * sw, r1 = y1 * sw, o = y * dw;
            for (int x = 0; x < dw; x++) {
                float top = src[r0 + x0[x]] + (src[r0 + x1[x]] - src[r0 + x0[x]]) * fx[x];
                float bottom = src[r1 + x0[x]] + (src[r1 + x1[x]] - src[r1 + x0[x]]) * fx[x];
                dst[o + x] = top + (bottom - top) * fy;
            }
        }
        return dst;
    }

    /** Gaussian blur with reflected borders; kernel radius 4σ as anomalib's (kernel 2·⌊4σ+0.5⌋+1). */
    static float[] gaussianBlur(float[] src, int w, int h, double sigma) {
        int radius = (int) (4 * sigma + 0.5);
        float[] k = new float[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            k[i + radius] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += k[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        float[] tmp = new float[w * h];
        float[] dst = new float[w * h];
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                float acc = 0;
                for (int i = -radius; i <= radius; i++) {
                    acc += k[i + radius] * src[row + reflect(x + i, w)];
                }
                tmp[row + x] = acc;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float acc = 0;
                for (int i = -radius; i <= radius; i++) {
                    acc += k[i + radius] * tmp[reflect(y + i, h) * w + x];
                }
                dst[y * w + x] = acc;
            }
        }
        return dst;
    }

    /** Reflection without repeating the edge (torch 'reflect' padding). */
    private static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        i = Math.floorMod(i, period);
        return i < n ? i : period - i;
    }
}
