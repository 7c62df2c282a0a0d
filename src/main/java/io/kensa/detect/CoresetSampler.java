package io.kensa.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.Random;

/**
 * Greedy k-center coreset selection (farthest-point traversal), distances measured after a Gaussian random
 * projection to {@code projectionDim} channels (skipped when the features are no wider).
 *
 * <p>The bank is built chunk by chunk (a chunk is a few tens of thousands of patches, whole images only):
 * every chunk starts from its distances to all centres chosen so far and adds {@code ratio × chunk size}
 * new centres greedily. That keeps the greedy sweep in cache (fast, bounded memory), and it is exactly how
 * {@link PatchCoreModel#addGoodImages} extends a trained bank: new images are one more chunk.
 */
final class CoresetSampler {
    private static final long MATMUL_CHUNK_ELEMENTS = 8L << 20;

    private final float[] projection; // dim × projectionDim, empty = identity
    private final int dim;
    private final int projected;
    private final long seed;

    CoresetSampler(int dim, int projectionDim, long seed) {
        this.dim = dim;
        this.seed = seed;
        if (projectionDim > 0 && projectionDim < dim) {
            this.projected = projectionDim;
            this.projection = FeatureExtractor.gaussian(dim, projectionDim, seed ^ 0x5eed);
        } else {
            this.projected = dim;
            this.projection = new float[0];
        }
    }

    /**
     * Picks {@code count} rows of {@code chunk} ({@code n×dim}) that best cover it, given the existing bank
     * ({@code bankRows×dim}) whose rows count as already chosen. Returns row indices in pick order.
     */
    int[] select(NDManager manager, float[] chunk, int n, float[] bank, int bankRows, int count, int chunkNumber) {
        if (count >= n) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        try (NDManager m = manager.newSubManager()) {
            NDArray x = project(m, chunk, n);
            float[] minDist = new float[n];
            Arrays.fill(minDist, Float.POSITIVE_INFINITY);
            if (bankRows > 0) {
                NDArray b = project(m, bank, bankRows);
                NDArray bT = b.transpose(1, 0);
                NDArray bSq = b.square().sum(new int[] {1}).reshape(1, bankRows);
                int step = (int) Math.max(1, MATMUL_CHUNK_ELEMENTS / bankRows);
                for (int s = 0; s < n; s += step) {
                    int e = Math.min(n, s + step);
                    try (NDManager scope = m.newSubManager()) {
                        NDArray q = x.get(s + ":" + e);
                        q.attach(scope);
                        NDArray d = q.square().sum(new int[] {1}, true).sub(q.matMul(bT).mul(2)).add(bSq);
                        System.arraycopy(d.min(new int[] {1}).maximum(0).toFloatArray(), 0, minDist, s, e - s);
                    }
                }
            }
            float[][] columns = columns(x.toFloatArray(), n);
            return greedy(columns, n, minDist, count, bankRows == 0 ? new Random(seed + chunkNumber).nextInt(n) : -1);
        }
    }

    private NDArray project(NDManager m, float[] rows, int n) {
        NDArray a = m.create(rows, new Shape(n, dim));
        return projection.length == 0 ? a : a.matMul(m.create(projection, new Shape(dim, projected)));
    }

    private float[][] columns(float[] rowMajor, int n) {
        float[][] c = new float[projected][n];
        for (int i = 0; i < n; i++) {
            int o = i * projected;
            for (int j = 0; j < projected; j++) {
                c[j][i] = rowMajor[o + j];
            }
        }
        return c;
    }

    /** Farthest-point traversal; {@code first} ≥ 0 seeds it when nothing is chosen yet. Stops early when all is covered. */
    static int[] greedy(float[][] columns, int n, float[] minDist, int count, int first) {
        int[] picked = new int[count];
        float[] acc = new float[n];
        int m = 0;
        int next = first;
        while (m < count) {
            if (next < 0) {
                next = 0;
                for (int i = 1; i < n; i++) {
                    if (minDist[i] > minDist[next]) {
                        next = i;
                    }
                }
                if (!(minDist[next] > 0)) {
                    break;
                }
            }
            picked[m++] = next;
            Arrays.fill(acc, 0f);
            for (float[] col : columns) {
                float c = col[next];
                for (int i = 0; i < n; i++) {
                    float t = col[i] - c;
                    acc[i] += t * t;
                }
            }
            for (int i = 0; i < n; i++) {
                if (acc[i] < minDist[i]) {
                    minDist[i] = acc[i];
                }
            }
            next = -1;
        }
        return Arrays.copyOf(picked, m);
    }
}
