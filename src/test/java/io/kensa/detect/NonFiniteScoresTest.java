package io.kensa.detect;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 16: broken numbers must flag a part, never pass it. */
class NonFiniteScoresTest {
    private static Detection detection(double score, float mapValue) {
        return new Detection(score, 1.0, new AnomalyMap(2, 2, new float[] {0.1f, 0.2f, mapValue, 0.1f}), 0, 2,
                List.of(), 10, 10, new Detection.DetectTimings(0, 0, 0), "cpu()");
    }

    @Test
    void nanScoreIsFlaggedAsAStationFault() {
        Detection d = detection(Double.NaN, 0.1f);
        assertTrue(d.anomalous(), "NaN > threshold is false; a NaN score must still flag the frame");
        assertTrue(d.fault().orElseThrow().contains("NaN"));
        assertTrue(d.faultMessage().orElseThrow().contains("retrain"));
    }

    @Test
    void nonFiniteMapIsFlaggedEvenWithAFiniteScore() {
        Detection d = detection(0.5, Float.POSITIVE_INFINITY);
        assertTrue(d.anomalous());
        assertTrue(d.fault().orElseThrow().contains("Infinity"));
    }

    @Test
    void soundDetectionBelowThresholdPassesWithoutFault() {
        Detection d = detection(0.5, 0.3f);
        assertFalse(d.anomalous());
        assertTrue(d.fault().isEmpty());
    }

    @Test
    void bankWithNanIsRefusedNamingFileAndFix() {
        DetectException e = assertThrows(DetectException.class,
                () -> ModelBundle.requireFinite(Path.of("cache/bottle.model"), new float[] {1, 2, 3, Float.NaN}, 2));
        assertTrue(e.getMessage().contains("cache/bottle.model"), e.getMessage());
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("row 1"), e.getMessage());
        assertTrue(e.getMessage().contains("Delete") && e.getMessage().contains("retrain"), e.getMessage());
    }
}
