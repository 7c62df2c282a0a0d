package io.kensa.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void noValuesGiveZero() {
        assertEquals(0, Percentiles.nearestRank(new long[0], 0.5));
        assertEquals(0, Percentiles.nearestRank(new long[0], 0.95));
    }

    @Test
    void oneValueIsEveryPercentile() {
        assertEquals(7, Percentiles.nearestRank(new long[] {7}, 0.01));
        assertEquals(7, Percentiles.nearestRank(new long[] {7}, 0.5));
        assertEquals(7, Percentiles.nearestRank(new long[] {7}, 1));
    }

    @Test
    void nearestRankIsTheSmallestValueWithAtLeastQAtOrBelowIt() {
        long[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        assertEquals(5, Percentiles.nearestRank(ten, 0.5));
        assertEquals(10, Percentiles.nearestRank(ten, 0.95));
        assertEquals(1, Percentiles.nearestRank(ten, 0.1));
        assertEquals(2, Percentiles.nearestRank(ten, 0.11));
        assertEquals(10, Percentiles.nearestRank(ten, 1));
        long[] four = {10, 20, 30, 40};
        assertEquals(20, Percentiles.nearestRank(four, 0.5));
        assertEquals(40, Percentiles.nearestRank(four, 0.95));
    }

    @Test
    void rejectsQuantilesOutsideZeroToOne() {
        long[] v = {1, 2};
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(v, 0)).getMessage().contains("0 < q <= 1"));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(v, 1.5));
        assertThrows(IllegalArgumentException.class, () -> Percentiles.nearestRank(v, Double.NaN));
    }
}
