package io.kensa.llm;

import io.kensa.detect.AnomalyMap;
import io.kensa.detect.Components;
import io.kensa.detect.Detection;
import io.kensa.detect.Region;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The flagged part of an anomaly map (values above the threshold) measured in words a person understands: how
 * much of the image, how many separate regions, where, what shape. Shared by the prompt's detector facts and the
 * offline explainer so both describe exactly what the red outline shows.
 */
final class MapGeometry {
    /** One connected flagged region at map resolution. */
    record Blob(int minX, int minY, int maxX, int maxY, int pixels, double sumX, double sumY) {
        int width() {
            return maxX - minX + 1;
        }

        int height() {
            return maxY - minY + 1;
        }

        double fill() {
            return pixels / (double) (width() * height());
        }

        double elongation() {
            return Math.max(width(), height()) / (double) Math.min(width(), height());
        }
    }

    final int mapWidth;
    final int mapHeight;
    final int flaggedPixels;
    final double meanRadius;
    final double centroidX;
    final double centroidY;
    final List<Blob> blobs;
    private final double frameScaleX;
    private final double frameScaleY;

    private MapGeometry(int mapWidth, int mapHeight, int frameWidth, int frameHeight, int flaggedPixels,
                        double meanRadius, double centroidX, double centroidY, List<Blob> blobs) {
        this.mapWidth = mapWidth;
        this.mapHeight = mapHeight;
        this.flaggedPixels = flaggedPixels;
        this.meanRadius = meanRadius;
        this.centroidX = centroidX;
        this.centroidY = centroidY;
        this.blobs = blobs;
        this.frameScaleX = frameWidth / (double) mapWidth;
        this.frameScaleY = frameHeight / (double) mapHeight;
    }

    static MapGeometry of(Detection detection) {
        return of(detection.map(), detection.threshold(), detection.frameWidth(), detection.frameHeight());
    }

    static MapGeometry of(AnomalyMap map, double threshold, int frameWidth, int frameHeight) {
        int w = map.width();
        int h = map.height();
        boolean[] mask = new boolean[w * h];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = map.values()[i] > threshold;
        }
        List<Blob> blobs = components(mask, w, h);
        int flagged = 0;
        double sumR = 0;
        double sumX = 0;
        double sumY = 0;
        double half = Math.min(w, h) / 2.0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask[y * w + x]) {
                    flagged++;
                    sumR += Math.hypot(x + 0.5 - w / 2.0, y + 0.5 - h / 2.0) / half;
                    sumX += x + 0.5;
                    sumY += y + 0.5;
                }
            }
        }
        return new MapGeometry(w, h, frameWidth, frameHeight, flagged, flagged == 0 ? 0 : sumR / flagged,
                flagged == 0 ? w / 2.0 : sumX / flagged, flagged == 0 ? h / 2.0 : sumY / flagged, blobs);
    }

    /** 8-connected components of a mask, largest first. */
    static List<Blob> components(boolean[] mask, int w, int h) {
        List<Blob> blobs = new ArrayList<>();
        for (Components.Component c : Components.of(mask, w, h).list()) {
            blobs.add(new Blob(c.minX(), c.minY(), c.maxX(), c.maxY(), c.pixels(), c.sumX(), c.sumY()));
        }
        blobs.sort(Comparator.comparingInt(Blob::pixels).reversed());
        return blobs;
    }

    boolean empty() {
        return flaggedPixels == 0;
    }

    double areaPercent() {
        return 100.0 * flaggedPixels / (mapWidth * (double) mapHeight);
    }

    long framePixels(int mapPixels) {
        return Math.round(mapPixels * frameScaleX * frameScaleY);
    }

    /** Connected regions in frame pixel coordinates, largest first (the detector's {@link Region} contract). */
    List<Region> regions(AnomalyMap map) {
        List<Region> regions = new ArrayList<>();
        for (Blob b : blobs) {
            float peak = Float.NEGATIVE_INFINITY;
            for (int y = b.minY; y <= b.maxY; y++) {
                for (int x = b.minX; x <= b.maxX; x++) {
                    peak = Math.max(peak, map.at(x, y));
                }
            }
            regions.add(new Region((int) Math.floor(b.minX * frameScaleX), (int) Math.floor(b.minY * frameScaleY),
                    (int) Math.ceil(b.width() * frameScaleX), (int) Math.ceil(b.height() * frameScaleY),
                    (int) framePixels(b.pixels), peak));
        }
        return regions;
    }

    /** "top-left", "top", …, "centre", … from a point in map coordinates (thirds of the image). */
    String position(double x, double y) {
        int col = Math.min(2, (int) (3 * x / mapWidth));
        int row = Math.min(2, (int) (3 * y / mapHeight));
        String[] rows = {"top", "", "bottom"};
        String[] cols = {"left", "", "right"};
        if (row == 1 && col == 1) {
            return "centre";
        }
        if (row == 1) {
            return cols[col];
        }
        return col == 1 ? rows[row] : rows[row] + "-" + cols[col];
    }

    String position() {
        return position(centroidX, centroidY);
    }

    /** Frame-pixel centre of the flagged area, for "look around x=…, y=…". */
    int frameX(double mapX) {
        return (int) Math.round(mapX * frameScaleX);
    }

    int frameY(double mapY) {
        return (int) Math.round(mapY * frameScaleY);
    }

    static String shape(Blob b) {
        if (b.pixels < 4) {
            return "a speck";
        }
        if (b.elongation() >= 2.5) {
            return String.format(Locale.ROOT, "elongated (about %.1f times longer than wide)", b.elongation());
        }
        if (b.fill() < 0.3) {
            return String.format(Locale.ROOT, "thin or curved (it fills %.0f%% of its bounding box)", 100 * b.fill());
        }
        if (b.fill() >= 0.5) {
            return "compact";
        }
        return "irregular";
    }
}
