package io.kensa.llm;

import io.kensa.detect.AnomalyMap;
import io.kensa.detect.Detection;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders VELM's visual prompt. Seed 000 found a blended heatmap hides the defect, so the query stays clean and a
 * copy gets only a red contour of the thresholded anomaly map (a box around regions too small for a readable contour).
 */
final class Outline {
    static final int RED = 0xFFFF0000;
    /** Regions whose box is smaller than this (pixels at the output size, both sides) get a box instead of a contour. */
    static final int MIN_CONTOUR_SIDE = 12;
    private static final int BOX_SIDE = 24;

    private Outline() {}

    /** The images of a request at the output size; the ones its ablation leaves out are absent or clean. */
    static VisualPrompt render(ExplainRequest request, int size, String promptText) {
        List<BufferedImage> refs = new ArrayList<>();
        if (request.sends(PromptPart.RI)) {
            for (BufferedImage ref : request.profile().references()) {
                refs.add(resize(ref, size));
            }
        }
        BufferedImage query = resize(request.image(), size);
        BufferedImage outlined = request.sends(PromptPart.VP) ? outline(query, request.detection()) : query;
        return new VisualPrompt(refs, query, outlined, promptText);
    }

    static BufferedImage resize(BufferedImage image, int size) {
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(image, 0, 0, size, size, null);
        g.dispose();
        return out;
    }

    /** A copy of {@code query} with the regions above the detector threshold outlined in red. */
    static BufferedImage outline(BufferedImage query, Detection detection) {
        int w = query.getWidth();
        int h = query.getHeight();
        boolean[] mask = mask(detection.map(), detection.threshold(), w, h);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(query, 0, 0, null);
        g.setColor(new Color(RED, true));
        int thickness = Math.max(2, Math.round(w / 224f));
        List<MapGeometry.Blob> small = new ArrayList<>();
        for (MapGeometry.Blob blob : MapGeometry.components(mask, w, h)) {
            if (blob.width() < MIN_CONTOUR_SIDE && blob.height() < MIN_CONTOUR_SIDE) {
                small.add(blob);
                drawBox(g, blob, thickness, w, h);
            }
        }
        g.dispose();
        drawContours(out, mask, w, h, thickness, small);
        return out;
    }

    private static void drawBox(Graphics2D g, MapGeometry.Blob blob, int thickness, int w, int h) {
        int cx = (blob.minX() + blob.maxX()) / 2;
        int cy = (blob.minY() + blob.maxY()) / 2;
        int x0 = Math.max(0, cx - BOX_SIDE / 2);
        int y0 = Math.max(0, cy - BOX_SIDE / 2);
        int x1 = Math.min(w - 1, cx + BOX_SIDE / 2);
        int y1 = Math.min(h - 1, cy + BOX_SIDE / 2);
        for (int t = 0; t < thickness; t++) {
            g.drawRect(x0 - t, y0 - t, x1 - x0 + 2 * t, y1 - y0 + 2 * t);
        }
    }

    /** Marks flagged pixels that touch an unflagged one (or the border), widened inwards to the line thickness. */
    private static void drawContours(BufferedImage out, boolean[] mask, int w, int h, int thickness,
                                     List<MapGeometry.Blob> small) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (mask[y * w + x] && nearOutside(mask, w, h, x, y, thickness) && !inside(small, x, y)) {
                    out.setRGB(x, y, RED);
                }
            }
        }
    }

    private static boolean nearOutside(boolean[] mask, int w, int h, int x, int y, int reach) {
        for (int dy = -reach; dy <= reach; dy++) {
            for (int dx = -reach; dx <= reach; dx++) {
                int nx = x + dx;
                int ny = y + dy;
                if (nx < 0 || ny < 0 || nx >= w || ny >= h || !mask[ny * w + nx]) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean inside(List<MapGeometry.Blob> blobs, int x, int y) {
        for (MapGeometry.Blob b : blobs) {
            if (x >= b.minX() && x <= b.maxX() && y >= b.minY() && y <= b.maxY()) {
                return true;
            }
        }
        return false;
    }

    /** The thresholded map sampled (bilinear) at the output resolution; the map covers the whole frame. */
    static boolean[] mask(AnomalyMap map, double threshold, int w, int h) {
        boolean[] mask = new boolean[w * h];
        double sx = map.width() / (double) w;
        double sy = map.height() / (double) h;
        for (int y = 0; y < h; y++) {
            double my = Math.max(0, Math.min(map.height() - 1, (y + 0.5) * sy - 0.5));
            int y0 = (int) my;
            int y1 = Math.min(map.height() - 1, y0 + 1);
            double fy = my - y0;
            for (int x = 0; x < w; x++) {
                double mx = Math.max(0, Math.min(map.width() - 1, (x + 0.5) * sx - 0.5));
                int x0 = (int) mx;
                int x1 = Math.min(map.width() - 1, x0 + 1);
                double fx = mx - x0;
                double v = (1 - fy) * ((1 - fx) * map.at(x0, y0) + fx * map.at(x1, y0))
                        + fy * ((1 - fx) * map.at(x0, y1) + fx * map.at(x1, y1));
                mask[y * w + x] = v > threshold;
            }
        }
        return mask;
    }
}
