package io.kensa.capture.gige;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The camera settings a recipe can hold for a GigE / USB3 Vision camera, by the key used in the spec's query
 * ({@code gige://10.0.0.5?width=1024&pixelFormat=BayerRG8&exposure=5000}) and in recipe maps. Listed in the
 * order they are applied: pixel format and region first (they change the frame size), then timing.
 */
public enum CameraSetting {
    /** GenICam pixel format name as the camera lists it: Mono8, BayerRG8, RGB8, … */
    PIXEL_FORMAT("pixelFormat"),
    /** Region of interest, in sensor pixels; rounded to the camera's increment and clamped to its bounds. */
    OFFSET_X("offsetX"),
    OFFSET_Y("offsetY"),
    WIDTH("width"),
    HEIGHT("height"),
    /** Frames per second (free-running cameras). */
    FPS("fps"),
    /** Exposure time in microseconds, or {@code auto}. */
    EXPOSURE("exposure"),
    /** Gain in the camera's unit (usually dB), or {@code auto}. */
    GAIN("gain"),
    /** {@code off} (free running), {@code software} (Kensa triggers each grab) or a hardware source such as {@code Line0}. */
    TRIGGER("trigger"),
    /** Stream setting, not a camera feature: buffers in the pool (2–64, default 10). */
    BUFFERS("buffers"),
    /** Stream setting: how long a grab waits for a frame before reporting the camera as gone (default: 2 s or 3 frame periods). */
    TIMEOUT_MS("timeoutMs");

    private final String key;

    CameraSetting(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** The setting with this key, ignoring case. */
    public static Optional<CameraSetting> byKey(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equalsIgnoreCase(key)).findFirst();
    }

    static String knownKeys() {
        return String.join(", ", Arrays.stream(values()).map(CameraSetting::key).toList());
    }

    boolean acceptsAuto() {
        return this == EXPOSURE || this == GAIN;
    }

    /** Checks the value's form (not its range, which only the camera knows); returns a message when wrong. */
    Optional<String> checkValue(String value) {
        String v = value.trim();
        if (v.isEmpty()) {
            return Optional.of("is empty");
        }
        try {
            switch (this) {
                case OFFSET_X, OFFSET_Y, WIDTH, HEIGHT, BUFFERS, TIMEOUT_MS -> {
                    if (Integer.parseInt(v) < 0) {
                        return Optional.of("must not be negative");
                    }
                }
                case FPS -> {
                    if (Double.parseDouble(v) <= 0) {
                        return Optional.of("must be above 0");
                    }
                }
                case EXPOSURE, GAIN -> {
                    if (!v.toLowerCase(Locale.ROOT).equals("auto")) {
                        Double.parseDouble(v);
                    }
                }
                case PIXEL_FORMAT, TRIGGER -> { }
            }
        } catch (NumberFormatException e) {
            return Optional.of("is not a number" + (acceptsAuto() ? " or 'auto'" : ""));
        }
        return Optional.empty();
    }
}
