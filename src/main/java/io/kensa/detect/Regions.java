package io.kensa.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Connected components (8-neighbourhood) of map values above a threshold, as frame-pixel boxes, largest first. */
final class Regions {
    private Regions() {}

    static List<Region> find(AnomalyMap map, double threshold, int frameWidth, int frameHeight) {
        int w = map.width(), h = map.height();
        float[] v = map.values();
        boolean[] above = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            above[i] = v[i] > threshold;
        }
        Components components = Components.of(above, w, h);
        float[] peak = new float[components.list().size() + 1];
        Arrays.fill(peak, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < v.length; i++) {
            int label = components.labelAt(i);
            if (label > 0) {
                peak[label] = Math.max(peak[label], v[i]);
            }
        }
        double sx = (double) frameWidth / w, sy = (double) frameHeight / h;
        List<Region> regions = new ArrayList<>();
        for (int n = 0; n < components.list().size(); n++) {
            Components.Component c = components.list().get(n);
            int x0 = (int) Math.floor(c.minX() * sx), y0 = (int) Math.floor(c.minY() * sy);
            int x1 = Math.min(frameWidth, (int) Math.ceil((c.maxX() + 1) * sx));
            int y1 = Math.min(frameHeight, (int) Math.ceil((c.maxY() + 1) * sy));
            regions.add(new Region(x0, y0, x1 - x0, y1 - y0, (int) Math.round(c.pixels() * sx * sy), peak[n + 1]));
        }
        regions.sort(Comparator.comparingInt(Region::area).reversed());
        return regions;
    }
}
