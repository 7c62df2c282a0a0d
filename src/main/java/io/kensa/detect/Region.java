package io.kensa.detect;

/**
 * One connected anomalous region (map above the threshold), in frame pixel coordinates.
 *
 * @param area  pixels above the threshold inside the region, in frame pixels
 * @param peak  highest anomaly score inside the region
 */
public record Region(int x, int y, int width, int height, int area, double peak) {}
