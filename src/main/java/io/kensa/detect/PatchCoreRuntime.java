package io.kensa.detect;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores one frame end to end: tiles → backbone features → nearest bank patches → image score and an anomaly
 * map covering the frame (raw distance units). Owns the native bank copy; one thread at a time.
 */
final class PatchCoreRuntime implements AutoCloseable {
    private final FeatureExtractor extractor;
    private final NearestNeighbourScorer scorer;
    private final TrainSettings settings;
    private final boolean greyModel;

    /** Raw result of one frame: score and map in distance units, and the time per stage. */
    record Scored(double score, float[] map, int mapWidth, int mapHeight,
                  double backboneMs, double knnMs, double mapMs) {}

    /** {@code greyModel}: trained on grey images, so colour frames are scored as the grey images they would be. */
    PatchCoreRuntime(FeatureExtractor extractor, TrainSettings settings, float[] bank, int rows, boolean greyModel) {
        this.extractor = extractor;
        this.settings = settings;
        this.greyModel = greyModel;
        this.scorer = new NearestNeighbourScorer(extractor.backbone(), bank, rows, extractor.dim());
    }

    /** The frame cut and resized into model inputs (one per tile). */
    static List<BufferedImage> inputs(BufferedImage frame, Tiling.Layout layout, int inputSize) {
        List<BufferedImage> in = new ArrayList<>();
        for (Tiling.Tile t : layout.tiles()) {
            in.add(Images.scaledRgb(frame, t.x(), t.y(), t.w(), t.h(), inputSize, inputSize));
        }
        return in;
    }

    Scored score(BufferedImage input) {
        BufferedImage frame = greyModel && !Images.isGrey(input) ? Images.grey(input) : input;
        int size = extractor.inputSize(), grid = extractor.grid(), patches = grid * grid;
        Tiling.Layout layout = settings.tiling().layout(frame.getWidth(), frame.getHeight());
        float[] sum = new float[layout.mapWidth() * layout.mapHeight()];
        float[] count = new float[sum.length];
        double backboneMs = 0, knnMs = 0, mapMs = 0, score = Double.NEGATIVE_INFINITY;
        List<Tiling.Tile> tiles = layout.tiles();
        for (int b = 0; b < tiles.size(); b += settings.batchSize()) {
            List<Tiling.Tile> batch = tiles.subList(b, Math.min(tiles.size(), b + settings.batchSize()));
            long t0 = System.nanoTime();
            List<BufferedImage> in = new ArrayList<>();
            for (Tiling.Tile t : batch) {
                in.add(Images.scaledRgb(frame, t.x(), t.y(), t.w(), t.h(), size, size));
            }
            float[] distances;
            try (NDManager m = extractor.backbone().newManager()) {
                NDArray features = extractor.embed(m, in);
                float[] f = features.toFloatArray();
                long t1 = System.nanoTime();
                NearestNeighbourScorer.Nearest nn = scorer.nearest(features, f);
                distances = nn.distance();
                for (int i = 0; i < batch.size(); i++) {
                    score = Math.max(score, scorer.imageScore(distances, nn.index(), f, i * patches, patches,
                            settings.neighbours()));
                }
                long t2 = System.nanoTime();
                backboneMs += (t1 - t0) / 1e6;
                knnMs += (t2 - t1) / 1e6;
            }
            long t3 = System.nanoTime();
            for (int i = 0; i < batch.size(); i++) {
                Tiling.Tile t = batch.get(i);
                float[] cells = new float[patches];
                System.arraycopy(distances, i * patches, cells, 0, patches);
                float[] tileMap = MapFilters.resize(cells, grid, grid, size, size);
                if (settings.blurSigma() > 0) {
                    tileMap = MapFilters.gaussianBlur(tileMap, size, size, settings.blurSigma());
                }
                if (t.mapW() != size || t.mapH() != size) {
                    tileMap = MapFilters.resize(tileMap, size, size, t.mapW(), t.mapH());
                }
                for (int y = 0; y < t.mapH(); y++) {
                    int row = (t.mapY() + y) * layout.mapWidth() + t.mapX();
                    for (int x = 0; x < t.mapW(); x++) {
                        sum[row + x] += tileMap[y * t.mapW() + x];
                        count[row + x]++;
                    }
                }
            }
            mapMs += (System.nanoTime() - t3) / 1e6;
        }
        long t4 = System.nanoTime();
        for (int i = 0; i < sum.length; i++) {
            sum[i] = count[i] > 0 ? sum[i] / count[i] : 0;
        }
        mapMs += (System.nanoTime() - t4) / 1e6;
        return new Scored(score, sum, layout.mapWidth(), layout.mapHeight(), backboneMs, knnMs, mapMs);
    }

    @Override
    public void close() {
        scorer.close();
    }
}
