package io.kensa.inspect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The threshold figures on scores small enough to count by hand. */
class RecipeTrainingScoresTest {
    private static final double[] GOOD = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    private static final double[] DEFECTS = {8.5, 11, 12, 3.5};

    @Test
    void figuresAtAThresholdCountWhatIsAboveIt() {
        RecipeTrainingScores.Figures f = new RecipeTrainingScores(GOOD, DEFECTS, "hand").at(7.5);
        assertEquals(3, f.falseAlarms()); // 8, 9, 10
        assertEquals(0.3, f.falseAlarmRate(), 1e-12);
        RecipeTrainingScores.Labelled l = f.labelled().orElseThrow();
        assertEquals(3, l.caught()); // 8.5, 11, 12
        assertEquals(1, l.missed()); // 3.5
        assertEquals(0.5, l.precision(), 1e-12); // 3 of the 6 flagged
        assertEquals(0.75, l.recall(), 1e-12);
        assertEquals(0.6, l.f1(), 1e-12); // 2·3 / (2·3 + 3 + 1)
    }

    @Test
    void withoutDefectImagesOnlyTheFalseAlarmRateIsGiven() {
        RecipeTrainingScores s = new RecipeTrainingScores(GOOD, new double[0], "hand");
        assertEquals(0.0, s.at(10).falseAlarmRate()); // flagged means above, not at
        assertEquals(0.1, s.at(9.99).falseAlarmRate(), 1e-12);
        assertTrue(s.at(5).labelled().isEmpty());
        assertTrue(s.bestF1Threshold().isEmpty());
    }

    @Test
    void suggestedThresholdsFollowTheGoodRuleAndTheBestF1() {
        RecipeTrainingScores s = new RecipeTrainingScores(GOOD, DEFECTS, "hand");
        // max(empirical 90 % quantile 9.1, mean 5.5 + z(0.9) 1.28155 · sd 3.02765)
        assertEquals(9.3801, s.thresholdForFalseAlarmRate(0.1), 1e-3);
        // from the top: 12, 11 are defects (F1 4/6), then 10 and 9 are good: best cut between 11 and 10
        assertEquals(10.5, s.bestF1Threshold().orElseThrow(), 1e-6);
    }

    @Test
    void histogramSpansTheScoresAndTheThreshold() {
        RecipeTrainingScores.Histogram h = new RecipeTrainingScores(GOOD, DEFECTS, "hand").histogram(4, 7.5);
        assertEquals(1, h.from(), 1e-12);
        assertEquals(2.75, h.width(), 1e-12); // (12 − 1) / 4
        assertArrayEquals(new int[] {3, 3, 3, 1}, h.good());
        assertArrayEquals(new int[] {1, 0, 1, 2}, h.defects());
        RecipeTrainingScores.Histogram wide = new RecipeTrainingScores(GOOD, new double[0], "hand").histogram(2, 20);
        assertEquals(20, wide.to(), 1e-12); // a threshold above every score widens the range to it
        assertArrayEquals(new int[] {10, 0}, wide.good());
    }
}
