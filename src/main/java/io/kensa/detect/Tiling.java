package io.kensa.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * How a frame is cut into model inputs. Without tiling the whole frame is resized to the input; with tiling,
 * square tiles of {@code tileSize} frame pixels overlapping by {@code overlap} are each resized to the input, so
 * small defects on high-resolution frames keep their pixels. The anomaly map covers the frame at
 * {@code input / tileSize} of its resolution (or input×input without tiling).
 */
record Tiling(int inputSize, int tileSize, double overlap) {

    /** One tile in frame pixels and where its map goes in map pixels. */
    record Tile(int x, int y, int w, int h, int mapX, int mapY, int mapW, int mapH) {}

    record Layout(int mapWidth, int mapHeight, List<Tile> tiles) {}

    Layout layout(int frameWidth, int frameHeight) {
        if (tileSize <= 0) {
            return new Layout(inputSize, inputSize,
                    List.of(new Tile(0, 0, frameWidth, frameHeight, 0, 0, inputSize, inputSize)));
        }
        double scale = (double) inputSize / tileSize;
        int mapW = Math.max(1, (int) Math.round(frameWidth * scale));
        int mapH = Math.max(1, (int) Math.round(frameHeight * scale));
        int tw = Math.min(tileSize, frameWidth), th = Math.min(tileSize, frameHeight);
        List<Tile> tiles = new ArrayList<>();
        for (int y : starts(frameHeight, th)) {
            for (int x : starts(frameWidth, tw)) {
                int mx = (int) Math.round(x * scale), my = (int) Math.round(y * scale);
                int mw = Math.min(mapW - mx, Math.max(1, (int) Math.round(tw * scale)));
                int mh = Math.min(mapH - my, Math.max(1, (int) Math.round(th * scale)));
                tiles.add(new Tile(x, y, tw, th, mx, my, mw, mh));
            }
        }
        return new Layout(mapW, mapH, tiles);
    }

    /** Tile origins covering {@code length} with tiles of {@code tile}, the last one flush with the edge. */
    private List<Integer> starts(int length, int tile) {
        List<Integer> s = new ArrayList<>();
        int step = Math.max(1, (int) Math.round(tile * (1 - overlap)));
        for (int p = 0; ; p += step) {
            if (p + tile >= length) {
                s.add(length - tile);
                break;
            }
            s.add(p);
        }
        return s;
    }
}
