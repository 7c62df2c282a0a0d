package io.kensa.detect;

/**
 * PatchCore training settings (stored in the model bundle, so a model scores the way it was trained).
 *
 * @param inputSize            model input side in pixels (frame or tile resized to inputSize²); multiple of 32
 * @param coresetRatio         fraction of patches kept in the memory bank (1 = no coreset)
 * @param coresetProjectionDim random projection width for coreset distances (0 = none; skipped when features are narrower)
 * @param featureProjectionDim random projection of the patch features themselves (0 = keep all channels)
 * @param tileSize             0: whole frame resized to the input; &gt;0: square tiles of this many frame pixels
 * @param tileOverlap          tile overlap fraction (0..0.9)
 * @param holdOutFraction      good images held out of the bank to calibrate the threshold, then added to it
 * @param falseAlarmRate       tolerated share of good images above the threshold when calibrating on good images
 * @param neighbours           support-set size of the paper's image-score re-weighting (anomalib: 9)
 * @param blurSigma            Gaussian σ of the anomaly map at input resolution (paper/anomalib: 4)
 * @param batchSize            images (or tiles) per backbone forward
 * @param chunkPatches         patches per greedy coreset chunk (bounds memory and keeps the sweep in cache)
 * @param seed                 seed of the random projections, coreset start and hold-out split
 */
public record TrainSettings(int inputSize, double coresetRatio, int coresetProjectionDim, int featureProjectionDim,
                            int tileSize, double tileOverlap, double holdOutFraction, double falseAlarmRate,
                            int neighbours, double blurSigma, int batchSize, int chunkPatches, long seed) {

    public TrainSettings {
        check(inputSize >= 32, "input size", inputSize);
        check(coresetRatio > 0 && coresetRatio <= 1, "coreset ratio (0 < r <= 1)", coresetRatio);
        check(coresetProjectionDim >= 0, "coreset projection width", coresetProjectionDim);
        check(featureProjectionDim >= 0, "feature projection width", featureProjectionDim);
        check(tileSize == 0 || tileSize >= 32, "tile size (0 or >= 32)", tileSize);
        check(tileOverlap >= 0 && tileOverlap <= 0.9, "tile overlap (0..0.9)", tileOverlap);
        check(holdOutFraction >= 0 && holdOutFraction < 1, "hold-out fraction (0 <= f < 1)", holdOutFraction);
        check(falseAlarmRate > 0 && falseAlarmRate < 1, "false-alarm rate (0 < f < 1)", falseAlarmRate);
        check(neighbours >= 1, "neighbours", neighbours);
        check(blurSigma >= 0, "blur sigma", blurSigma);
        check(batchSize >= 1, "batch size", batchSize);
        check(chunkPatches >= 1024, "coreset chunk (>= 1024 patches)", chunkPatches);
    }

    private static void check(boolean ok, String what, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("Invalid " + what + ": " + value);
        }
    }

    /** anomalib's PatchCore defaults with this project's backbone: 256 px, 10 % coreset, σ = 4, 9 neighbours. */
    public static TrainSettings defaults() {
        return new TrainSettings(256, 0.1, 128, 0, 0, 0.25, 0.2, 0.01, 9, 4.0, 8, 32768, 42);
    }

    public TrainSettings withInputSize(int v) {
        return new TrainSettings(v, coresetRatio, coresetProjectionDim, featureProjectionDim, tileSize, tileOverlap,
                holdOutFraction, falseAlarmRate, neighbours, blurSigma, batchSize, chunkPatches, seed);
    }

    public TrainSettings withCoresetRatio(double v) {
        return new TrainSettings(inputSize, v, coresetProjectionDim, featureProjectionDim, tileSize, tileOverlap,
                holdOutFraction, falseAlarmRate, neighbours, blurSigma, batchSize, chunkPatches, seed);
    }



    public TrainSettings withTiling(int size, double overlap) {
        return new TrainSettings(inputSize, coresetRatio, coresetProjectionDim, featureProjectionDim, size, overlap,
                holdOutFraction, falseAlarmRate, neighbours, blurSigma, batchSize, chunkPatches, seed);
    }

    public TrainSettings withHoldOutFraction(double v) {
        return new TrainSettings(inputSize, coresetRatio, coresetProjectionDim, featureProjectionDim, tileSize,
                tileOverlap, v, falseAlarmRate, neighbours, blurSigma, batchSize, chunkPatches, seed);
    }

    public TrainSettings withFalseAlarmRate(double v) {
        return new TrainSettings(inputSize, coresetRatio, coresetProjectionDim, featureProjectionDim, tileSize,
                tileOverlap, holdOutFraction, v, neighbours, blurSigma, batchSize, chunkPatches, seed);
    }


    Tiling tiling() {
        return new Tiling(inputSize, tileSize, tileOverlap);
    }
}
