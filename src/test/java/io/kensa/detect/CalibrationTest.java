package io.kensa.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    @Test
    void goodOnlyThresholdSitsAboveTheGoodScoresAndTheThresholdIsMidScale() throws Exception {
        double[] good = {1.0, 1.1, 0.9, 1.05, 0.95, 1.0};
        List<float[]> maps = List.of(new float[] {0.5f, 0.8f}, new float[] {0.4f, 0.9f}, new float[] {0.5f, 0.7f},
                new float[] {0.5f, 0.8f}, new float[] {0.6f, 0.8f}, new float[] {0.5f, 0.85f});
        Calibration c = Calibration.fromGood(good, maps, 0.01);
        assertTrue(c.imageThreshold() > 1.1, "threshold " + c.imageThreshold());
        assertTrue(c.pixelThreshold() > 0.9);
        assertEquals(c.imageThreshold(), (c.colourLow() + c.colourHigh()) / 2, 1e-9);
        assertEquals(c.imageThreshold(), c.pixelThreshold() * c.mapScale(), 1e-9);
    }

    @Test
    void normalQuantileMatchesTables() {
        assertEquals(2.326348, Calibration.normalQuantile(0.99), 1e-5);
        assertEquals(0.0, Calibration.normalQuantile(0.5), 1e-9);
        assertEquals(-1.644854, Calibration.normalQuantile(0.05), 1e-5);
    }

    @Test
    void labelledCalibrationSeparatesTheClassesAndUsesMasksForPixels() throws Exception {
        double[] scores = {1, 2, 5, 6};
        boolean[] defective = {false, false, true, true};
        List<float[]> maps = List.of(new float[] {0, 1}, new float[] {1, 1}, new float[] {1, 4}, new float[] {4, 1});
        List<boolean[]> masks = List.of(new boolean[0], new boolean[0], new boolean[] {false, true}, new boolean[] {true, false});
        Calibration c = Calibration.fromLabelled(scores, defective, maps, masks, 0.01);
        assertEquals(3.5, c.imageThreshold(), 1e-9);
        assertEquals(2.5, c.pixelThreshold(), 1e-6);
    }

    @Test
    void aThresholdMovedByHandKeepsThePixelThresholdAndTheMiddleColour() {
        Calibration moved = new Calibration(2, 1, 0.5, 3.5, "trained").withImageThreshold(4, "set by hand");
        assertEquals(new Calibration(4, 1, 1.0, 7.0, "set by hand"), moved);
        assertEquals(4, moved.mapScale(), 1e-12);
    }
}
