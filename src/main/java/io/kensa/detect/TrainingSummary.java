package io.kensa.detect;

/**
 * What a model was trained on, kept in the bundle for audits.
 *
 * @param images       good images in the memory bank (including the ones added later)
 * @param grey         whether they were single-channel images
 * @param namesSha256  sha256 over the file names, chained in the order they were added
 * @param trainedAt    ISO-8601 instant of the last change to the bank
 * @param trainSeconds wall time of the initial training
 * @param patches      patches seen (before the coreset)
 * @param bankRows     patches kept in the memory bank
 */
public record TrainingSummary(int images, int minWidth, int minHeight, int maxWidth, int maxHeight, boolean grey,
                              String namesSha256, String trainedAt, double trainSeconds, long patches, int bankRows) {}
