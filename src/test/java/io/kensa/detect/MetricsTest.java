package io.kensa.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MetricsTest {
    @Test
    void aurocOfKnownCases() {
        // scikit-learn's roc_auc_score example
        assertEquals(0.75, Metrics.auroc(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true}), 1e-12);
        assertEquals(1.0, Metrics.auroc(new double[] {1, 2, 3, 4}, new boolean[] {false, false, true, true}), 1e-12);
        assertEquals(0.0, Metrics.auroc(new double[] {4, 3, 2, 1}, new boolean[] {false, false, true, true}), 1e-12);
        assertEquals(0.5, Metrics.auroc(new double[] {1, 1, 1, 1}, new boolean[] {false, true, false, true}), 1e-12);
        assertEquals(Double.NaN, Metrics.auroc(new double[] {1, 2}, new boolean[] {true, true}));
    }

    @Test
    void aurocHandlesNegativeScoresAndPixelArrays() {
        float[] s = {-3f, -1f, 0f, 2f, -2f};
        boolean[] p = {false, true, true, true, false};
        assertEquals(1.0, Metrics.auroc(s, p), 1e-12);
    }

    @Test
    void f1AtAThresholdAndTheBestThreshold() {
        double[] s = {0.1, 0.2, 0.3, 0.6, 0.7, 0.9};
        boolean[] p = {false, false, true, false, true, true};
        // threshold 0.5: tp 2 (0.7, 0.9), fp 1 (0.6), fn 1 (0.3) -> 2*2/(4+1+1)
        assertEquals(4.0 / 6.0, Metrics.f1(s, p, 0.5), 1e-12);
        Metrics.F1Point best = Metrics.bestF1(s, p);
        // cut between 0.2 and 0.3: tp 3, fp 1, fn 0 -> 6/7
        assertEquals(6.0 / 7.0, best.f1(), 1e-12);
        assertEquals(0.25, best.threshold(), 1e-6);
        assertEquals(best.f1(), Metrics.f1(s, p, best.threshold()), 1e-12);
    }
}
