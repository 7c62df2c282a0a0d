package io.kensa.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Connected components (8-neighbourhood) of map values above a threshold, as frame-pixel boxes, largest first. */
final class Regions {
    private Regions() {}

    static List<Region> find(AnomalyMap map, double threshold, int frameWidth, int frameHeight) {
        int w = map.width(), h = map.height();
        float[] v = map.values();
        int[] label = new int[w * h];
        int[] stack = new int[w * h];
        double sx = (double) frameWidth / w, sy = (double) frameHeight / h;
        List<Region> regions = new ArrayList<>();
        int next = 0;
        for (int start = 0; start < v.length; start++) {
            if (label[start] != 0 || !(v[start] > threshold)) {
                continue;
            }
            next++;
            int top = 0, count = 0;
            int minX = w, minY = h, maxX = -1, maxY = -1;
            float peak = Float.NEGATIVE_INFINITY;
            stack[top++] = start;
            label[start] = next;
            while (top > 0) {
                int p = stack[--top];
                int x = p % w, y = p / w;
                count++;
                peak = Math.max(peak, v[p]);
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx, ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < w && ny < h) {
                            int q = ny * w + nx;
                            if (label[q] == 0 && v[q] > threshold) {
                                label[q] = next;
                                stack[top++] = q;
                            }
                        }
                    }
                }
            }
            int x0 = (int) Math.floor(minX * sx), y0 = (int) Math.floor(minY * sy);
            int x1 = Math.min(frameWidth, (int) Math.ceil((maxX + 1) * sx));
            int y1 = Math.min(frameHeight, (int) Math.ceil((maxY + 1) * sy));
            regions.add(new Region(x0, y0, x1 - x0, y1 - y0, (int) Math.round(count * sx * sy), peak));
        }
        regions.sort(Comparator.comparingInt(Region::area).reversed());
        return regions;
    }
}
