package io.kensa.cam;

/** Map arithmetic on flat row-major float grids: bilinear resize, min-max normalisation, correlation. */
final class CamMaps {
    private CamMaps() {}

    /** Bilinear resize with half-pixel centres (PyTorch {@code interpolate(mode="bilinear", align_corners=False)}). */
    static float[] resize(float[] src, int sw, int sh, int dw, int dh) {
        float[] out = new float[dw * dh];
        float sx = (float) sw / dw, sy = (float) sh / dh;
        int[] x0 = new int[dw], x1 = new int[dw];
        float[] fx = new float[dw];
        for (int x = 0; x < dw; x++) {
            float u = Math.max(0, (x + 0.5f) * sx - 0.5f);
            x0[x] = Math.min((int) u, sw - 1);
            x1[x] = Math.min(x0[x] + 1, sw - 1);
            fx[x] = u - x0[x];
        }
        for (int y = 0; y < dh; y++) {
            float v = Math.max(0, (y + 0.5f) * sy - 0.5f);
            int y0 = Math.min((int) v, sh - 1), y1 = Math.min(y0 + 1, sh - 1);
            float fy = v - y0;
            int r0 = y0 * sw, r1 = y1 * sw, o = y * dw;
            for (int x = 0; x < dw; x++) {
                float top = src[r0 + x0[x]] * (1 - fx[x]) + src[r0 + x1[x]] * fx[x];
                float bottom = src[r1 + x0[x]] * (1 - fx[x]) + src[r1 + x1[x]] * fx[x];
                out[o + x] = top * (1 - fy) + bottom * fy;
            }
        }
        return out;
    }

    /** Min-max normalised copy in [0,1]; a constant map becomes all 0. */
    static float[] normalised(float[] v) {
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (float f : v) {
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        float[] out = new float[v.length];
        float range = max - min;
        if (!(range > 1e-12f)) {
            return out;
        }
        for (int i = 0; i < v.length; i++) {
            out[i] = (v[i] - min) / range;
        }
        return out;
    }

    static float[] relu(float[] v) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.max(0, v[i]);
        }
        return out;
    }

    /** Pearson correlation; NaN when either map is constant. */
    static double correlation(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }
        return sab / Math.sqrt(saa * sbb);
    }

    static double maxAbsDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
