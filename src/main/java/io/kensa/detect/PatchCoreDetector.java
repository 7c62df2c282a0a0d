package io.kensa.detect;

import java.awt.image.BufferedImage;
import java.util.List;

/** A trained PatchCore model applied to frames: calibrated score, scaled map, regions. One worker thread. */
final class PatchCoreDetector implements Detector {
    private final PatchCoreRuntime runtime;
    private final Calibration calibration;
    private final String device;

    PatchCoreDetector(PatchCoreRuntime runtime, Calibration calibration, String device) {
        this.runtime = runtime;
        this.calibration = calibration;
        this.device = device;
    }

    @Override
    public Detection detect(BufferedImage image) throws DetectException {
        if (image.getWidth() < 2 || image.getHeight() < 2) {
            throw new DetectException("Frame of " + image.getWidth() + "x" + image.getHeight() + " pixels is too small to inspect.");
        }
        PatchCoreRuntime.Scored s;
        try {
            s = runtime.score(image);
        } catch (RuntimeException e) {
            throw new DetectException("Scoring the frame failed in the PyTorch engine: " + e.getMessage(), e);
        }
        long t0 = System.nanoTime();
        float scale = (float) calibration.mapScale();
        float[] values = s.map();
        for (int i = 0; i < values.length; i++) {
            values[i] *= scale;
        }
        AnomalyMap map = new AnomalyMap(s.mapWidth(), s.mapHeight(), values);
        List<Region> regions = Regions.find(map, calibration.imageThreshold(), image.getWidth(), image.getHeight());
        double mapMs = s.mapMs() + (System.nanoTime() - t0) / 1e6;
        return new Detection(s.score(), calibration.imageThreshold(), map, calibration.colourLow(),
                calibration.colourHigh(), regions, image.getWidth(), image.getHeight(),
                new Detection.DetectTimings(s.backboneMs(), s.knnMs(), mapMs), device);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
