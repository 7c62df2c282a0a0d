package io.kensa.capture.gige;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one camera offers for the common settings, read from the camera itself (its GenICam description), so the
 * UI can show only real choices and valid ranges. A feature the camera lacks is {@link Optional#empty()} or an
 * empty list.
 *
 * @param pixelFormats  formats the camera offers that Kensa can turn into images (GenICam names)
 * @param triggerModes  {@code off} first, then the camera's trigger sources ({@code Software}, {@code Line0}, …);
 *                      empty when the camera has no trigger
 * @param current       the camera's present value per {@link CameraSetting#key()}, for the settings it has
 */
public record CameraFeatures(
        String vendor,
        String model,
        String serialNumber,
        String deviceId,
        IntRange width,
        IntRange height,
        Optional<IntRange> offsetX,
        Optional<IntRange> offsetY,
        List<String> pixelFormats,
        Optional<DoubleRange> exposureMicros,
        boolean exposureAuto,
        Optional<DoubleRange> gain,
        boolean gainAuto,
        Optional<DoubleRange> frameRate,
        List<String> triggerModes,
        Map<String, String> current) {

    public CameraFeatures {
        pixelFormats = List.copyOf(pixelFormats);
        triggerModes = List.copyOf(triggerModes);
        current = Map.copyOf(current);
    }

    /** Whole-number range with its step (a value is valid when {@code (value - min) % increment == 0}). */
    public record IntRange(int min, int max, int increment) {
        public IntRange {
            increment = Math.max(1, increment);
        }

        /** The nearest valid value: clamped to the bounds, rounded down to the increment. */
        public int fit(int value) {
            int clamped = Math.max(min, Math.min(max, value));
            return clamped - (clamped - min) % increment;
        }

        public boolean contains(int value) {
            return value >= min && value <= max && (value - min) % increment == 0;
        }
    }

    public record DoubleRange(double min, double max) {
        public double fit(double value) {
            return Math.max(min, Math.min(max, value));
        }

        public boolean contains(double value) {
            return value >= min && value <= max;
        }
    }
}
