package io.kensa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchCamCommandTest {
    @Test
    void printsGradCamTimesPerStageBesideThePlainForward() {
        CliRun r = CliRun.kensa("bench", "cam", "--frames", "2", "--warmup", "1", "--device", "cpu", "--input-size", "128");
        assertEquals(0, r.code(), r.err());
        for (String line : new String[] {"plain forward", "grad-cam feat_s8", "grad-cam feat_s16", "grad-cam last",
                "one pass", "device cpu()", "-> 128 px input", "frames/s"}) {
            assertTrue(r.out().contains(line), "missing '" + line + "' in\n" + r.out());
        }
    }

    @Test
    void badFrameSizeIsAClearMessage() {
        CliRun r = CliRun.kensa("bench", "cam", "--frames", "1", "--warmup", "0", "--frame-size", "big");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--frame-size 'big'"), r.err());
    }
}
