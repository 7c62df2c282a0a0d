package io.kensa.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.detect.AnomalyMap;
import io.kensa.detect.Detection;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The visual prompt: a contour for real regions, a box for tiny ones, the query itself untouched. */
class OutlineTest {
    @Test
    void tinyRegionGetsABoxAroundIt() {
        float[] values = new float[100 * 100];
        values[50 * 100 + 30] = 1f; // one map pixel: about 4x4 px at 448
        Detection d = new Detection(1, 0.5, new AnomalyMap(100, 100, values), 0, 1, List.of(), 320, 320,
                new Detection.DetectTimings(0, 0, 0), "cpu()");
        BufferedImage query = Outline.resize(Demo.image("good", "000"), 448);
        BufferedImage outlined = Outline.outline(query, d);
        int minX = 448, maxX = 0, minY = 448, maxY = 0;
        for (int y = 0; y < 448; y++) {
            for (int x = 0; x < 448; x++) {
                if (ChatExplainerTest.red(outlined.getRGB(x, y))) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        int cx = (int) (30.5 * 4.48);
        int cy = (int) (50.5 * 4.48);
        assertTrue(maxX - minX >= 20 && maxY - minY >= 20, "a visible box, not a dot: " + (maxX - minX) + "x" + (maxY - minY));
        assertTrue(minX < cx && maxX > cx && minY < cy && maxY > cy, "the box surrounds the region");
        assertEquals(0, ChatExplainerTest.redPixels(query), "the clean query is not drawn on");
    }

    @Test
    void outlineFollowsTheGroundTruthMaskOfARealDefect() {
        BufferedImage query = Outline.resize(Demo.image("contamination", "000"), 448);
        BufferedImage outlined = Outline.outline(query, Demo.detection("contamination", "000"));
        ChatExplainerTest.assertOutlineLiesOnMask(outlined, Demo.mask("contamination", "000"));
    }
}
