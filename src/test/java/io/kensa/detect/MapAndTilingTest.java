package io.kensa.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MapAndTilingTest {
    @Test
    void blurKeepsAConstantMapAndSpreadsAPeakSymmetrically() {
        float[] flat = new float[32 * 32];
        java.util.Arrays.fill(flat, 3f);
        for (float v : MapFilters.gaussianBlur(flat, 32, 32, 4)) {
            assertEquals(3f, v, 1e-5);
        }
        float[] peak = new float[33 * 33];
        peak[16 * 33 + 16] = 1;
        float[] b = MapFilters.gaussianBlur(peak, 33, 33, 2);
        assertEquals(b[16 * 33 + 12], b[16 * 33 + 20], 1e-7);
        assertEquals(b[12 * 33 + 16], b[16 * 33 + 12], 1e-7);
    }

    @Test
    void tilesCoverTheWholeFrameWithOverlapAndTheMapKeepsTheAspect() {
        Tiling.Layout l = new Tiling(256, 256, 0.25).layout(1000, 600);
        boolean[] covered = new boolean[1000 * 600];
        for (Tiling.Tile t : l.tiles()) {
            assertEquals(256, t.w());
            for (int y = t.y(); y < t.y() + t.h(); y++) {
                for (int x = t.x(); x < t.x() + t.w(); x++) {
                    covered[y * 1000 + x] = true;
                }
            }
        }
        for (boolean c : covered) {
            assertTrue(c);
        }
        assertEquals(1000, l.mapWidth());
        assertEquals(600, l.mapHeight());
        assertEquals(List.of(new Tiling.Tile(0, 0, 320, 240, 0, 0, 256, 256)), new Tiling(256, 0, 0.25).layout(320, 240).tiles());
    }

    @Test
    void regionsAreConnectedComponentsInFramePixelsLargestFirst() {
        float[] v = new float[10 * 10];
        v[0] = 5;
        for (int y = 5; y < 8; y++) {
            for (int x = 5; x < 9; x++) {
                v[y * 10 + x] = 2;
            }
        }
        v[6 * 10 + 6] = 7;
        List<Region> r = Regions.find(new AnomalyMap(10, 10, v), 1, 100, 50);
        assertEquals(2, r.size());
        assertEquals(new Region(50, 25, 40, 15, 12 * 50, 7), r.get(0));
        assertEquals(new Region(0, 0, 10, 5, 50, 5), r.get(1));
    }
}
