package io.kensa.inspect;

/**
 * The detection worker's own numbers, separate from the live view's frame rate.
 *
 * @param state        what the detector is doing (e.g. "training 40 %", "ready", "failed: …")
 * @param fps          detections per second over the last two seconds
 * @param lastMs       latency of the last detection (backbone + nearest neighbours + map)
 * @param devices      where the detector, the classifier and Grad-CAM actually run
 */
public record DetectorStats(String state, double fps, double lastMs, long detected, ComputeDevices devices) {}
