package io.kensa.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * 8-connected components of a pixel mask (row-major, {@code width*height}), found by flood fill. The detector's
 * regions and the explainer's description of the flagged area both come from here, so they count the same blobs.
 */
public final class Components {
    /**
     * One component at mask resolution: its inclusive bounding box, its pixel count and the sums of its pixel
     * centres ({@code x + 0.5}, {@code y + 0.5}).
     */
    public record Component(int minX, int minY, int maxX, int maxY, int pixels, double sumX, double sumY) {}

    private final int[] labels;
    private final List<Component> components;

    private Components(int[] labels, List<Component> components) {
        this.labels = labels;
        this.components = List.copyOf(components);
    }

    public static Components of(boolean[] mask, int width, int height) {
        if (mask.length != width * height) {
            throw new IllegalArgumentException("mask has " + mask.length + " values for " + width + "x" + height);
        }
        int[] label = new int[mask.length];
        int[] stack = new int[mask.length];
        List<Component> found = new ArrayList<>();
        int next = 0;
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || label[start] != 0) {
                continue;
            }
            next++;
            int top = 0;
            stack[top++] = start;
            label[start] = next;
            int minX = width, minY = height, maxX = -1, maxY = -1, pixels = 0;
            double sumX = 0, sumY = 0;
            while (top > 0) {
                int i = stack[--top];
                int x = i % width;
                int y = i / width;
                pixels++;
                sumX += x + 0.5;
                sumY += y + 0.5;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int nx = x + dx;
                        int ny = y + dy;
                        if (nx >= 0 && ny >= 0 && nx < width && ny < height) {
                            int j = ny * width + nx;
                            if (mask[j] && label[j] == 0) {
                                label[j] = next;
                                stack[top++] = j;
                            }
                        }
                    }
                }
            }
            found.add(new Component(minX, minY, maxX, maxY, pixels, sumX, sumY));
        }
        return new Components(label, found);
    }

    /** The components in scan order of their first pixel (row by row); the n-th has label n + 1. */
    public List<Component> list() {
        return components;
    }

    /** The label of the pixel at a row-major index: 0 outside the mask, else 1 + its component's index in {@link #list()}. */
    public int labelAt(int index) {
        return labels[index];
    }
}
