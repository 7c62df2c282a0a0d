package io.kensa.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Exact nearest-neighbour search of patch features in the memory bank, as batched matrix products on DJL.
 * The bank is stored augmented as {@code [−2·m, ||m||²]} so one product with {@code [q, 1]} gives
 * {@code ||m||² − 2·q·m}, which orders bank rows exactly like {@code ||q − m||²} (the {@code ||q||²} term is the
 * same for every row); one matrix product and one argmin pass per chunk, then the winner's distance is computed
 * exactly in Java (no cancellation error from the expanded form). Owns a native copy of the bank.
 */
final class NearestNeighbourScorer implements AutoCloseable {
    /** Upper bound on distance-matrix elements per chunk (32 MB of floats). */
    private static final long CHUNK_ELEMENTS = 8L << 20;

    private final NDManager manager;
    private final NDArray augmentedBankT;
    private final float[] bank;
    private final int rows;
    private final int dim;

    NearestNeighbourScorer(Backbone backbone, float[] bank, int rows, int dim) {
        this.manager = backbone.newManager();
        try (NDManager build = manager.newSubManager()) {
            NDArray b = build.create(bank, new Shape(rows, dim));
            NDArray squares = b.square().sum(new int[] {1}, true);
            this.augmentedBankT = b.mul(-2).concat(squares, 1).transpose(1, 0).duplicate();
            augmentedBankT.attach(manager);
        }
        this.bank = bank;
        this.rows = rows;
        this.dim = dim;
    }

    /** Nearest bank row and its Euclidean distance for each query row. */
    record Nearest(float[] distance, int[] index) {}

    /** {@code queries} is [n, dim] on the backbone's device; {@code values} the same numbers on the heap. */
    Nearest nearest(NDArray queries, float[] values) {
        int n = (int) queries.getShape().get(0);
        float[] distance = new float[n];
        int[] index = new int[n];
        int chunk = (int) Math.max(1, Math.min(n, CHUNK_ELEMENTS / rows));
        for (int start = 0; start < n; start += chunk) {
            int end = Math.min(n, start + chunk);
            try (NDManager scope = queries.getManager().newSubManager()) {
                NDArray q = queries.get(start + ":" + end);
                q.attach(scope);
                NDArray augmented = q.concat(scope.ones(new Shape(end - start, 1)), 1);
                long[] nearestRows = augmented.matMul(augmentedBankT).argMin(1).toLongArray();
                for (int i = 0; i < nearestRows.length; i++) {
                    int row = (int) nearestRows[i];
                    index[start + i] = row;
                    distance[start + i] = (float) Math.sqrt(squaredDistance(values, (start + i) * dim, bank, row * dim));
                }
            }
        }
        return new Nearest(distance, index);
    }

    /**
     * The paper's image score: the largest patch distance s*, damped when its nearest bank patch m* lies in a
     * dense part of the bank (anomalib {@code compute_anomaly_score}, {@code num_neighbors}).
     */
    double imageScore(float[] patchDistances, int[] nearestIndex, float[] patchFeatures, int offset, int count,
                      int neighbours) {
        int best = offset;
        for (int i = offset; i < offset + count; i++) {
            if (patchDistances[i] > patchDistances[best]) {
                best = i;
            }
        }
        double score = patchDistances[best];
        int k = Math.min(neighbours, rows);
        if (k <= 1) {
            return score;
        }
        int m = nearestIndex[best];
        int[] support = nearestRows(m, k);
        int q = best * dim;
        double[] d = new double[k];
        double maxD = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            d[j] = Math.sqrt(squaredDistance(patchFeatures, q, bank, support[j] * dim));
            maxD = Math.max(maxD, d[j]);
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            sum += Math.exp(d[j] - maxD);
        }
        double weight = 1 - Math.exp(d[0] - maxD) / sum;
        return weight * score;
    }

    /** The k bank rows nearest to bank row m (m itself first), by exhaustive search. */
    private int[] nearestRows(int m, int k) {
        int[] best = new int[k];
        double[] bestD = new double[k];
        java.util.Arrays.fill(bestD, Double.POSITIVE_INFINITY);
        int base = m * dim;
        for (int r = 0; r < rows; r++) {
            double d = r == m ? -1 : squaredDistance(bank, base, bank, r * dim);
            if (d < bestD[k - 1]) {
                int p = k - 1;
                while (p > 0 && bestD[p - 1] > d) {
                    bestD[p] = bestD[p - 1];
                    best[p] = best[p - 1];
                    p--;
                }
                bestD[p] = d;
                best[p] = r;
            }
        }
        return best;
    }

    private double squaredDistance(float[] a, int ao, float[] b, int bo) {
        double s = 0;
        for (int i = 0; i < dim; i++) {
            double t = a[ao + i] - b[bo + i];
            s += t * t;
        }
        return s;
    }

    @Override
    public void close() {
        manager.close();
    }
}
