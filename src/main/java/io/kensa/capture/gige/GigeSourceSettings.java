package io.kensa.capture.gige;

import io.kensa.capture.CaptureException;
import io.kensa.capture.SourceSpec;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code gige://} spec taken apart for editing: the camera's address or id, and its settings by
 * {@link CameraSetting#key()} in the order they are applied. The camera settings dialog reads what the camera
 * offers with {@link #readFeatures()}, lets the user choose, and writes the recipe's spec back with {@link #toSpec()}.
 */
public record GigeSourceSettings(String address, Map<String, String> settings) {

    /** Keeps the settings in {@link CameraSetting} order under their canonical keys; rejects unknown keys. */
    public GigeSourceSettings {
        Map<CameraSetting, String> ordered = new EnumMap<>(CameraSetting.class);
        settings.forEach((key, value) -> ordered.put(CameraSetting.byKey(key).orElseThrow(
                () -> new IllegalArgumentException("Unknown camera setting '" + key + "'. Known: " + CameraSetting.knownKeys())), value));
        Map<String, String> copy = new LinkedHashMap<>();
        ordered.forEach((setting, value) -> copy.put(setting.key(), value));
        settings = Collections.unmodifiableMap(copy);
    }

    /**
     * Parses {@code gige://ADDRESS-OR-ID?setting=value&…}.
     *
     * @throws CaptureException when it is not a gige:// spec, or names an unknown setting or a malformed value
     */
    public static GigeSourceSettings parse(String spec) throws CaptureException {
        GigeSpec parsed = GigeSpec.parse(spec);
        Map<String, String> settings = new LinkedHashMap<>();
        parsed.settings().forEach((setting, value) -> settings.put(setting.key(), value));
        return new GigeSourceSettings(parsed.address(), settings);
    }

    /** The same camera with these settings instead. */
    public GigeSourceSettings withSettings(Map<String, String> newSettings) {
        return new GigeSourceSettings(address, newSettings);
    }

    /**
     * The spec that opens this camera with these settings, e.g. {@code gige://Fake_1?pixelFormat=Mono8&width=640}.
     *
     * @throws CaptureException when a value is malformed (it names the setting and the value)
     */
    public String toSpec() throws CaptureException {
        String spec = SourceSpec.print(GigeSpec.SCHEME, address, settings);
        GigeSpec.parse(spec);
        return spec;
    }

    /**
     * Opens the camera briefly (no stream) and reads what it offers. Blocks for up to a few seconds (longer for a
     * camera that does not answer): call it off the UI thread, and while no capture holds this camera (a GigE
     * camera takes one controller at a time). When the camera has a region offset it is reset to 0 first, so the
     * width and height ranges are those of the whole sensor; the spec applies its own offsets at every open.
     *
     * @throws CaptureException when libaravis is missing (the message says how to install it) or the camera cannot
     *                          be opened or read (the message names the camera and what to check)
     */
    public CameraFeatures readFeatures() throws CaptureException {
        Aravis aravis = Aravis.get();
        try (AravisCamera camera = AravisCamera.open(aravis, address)) {
            CameraFeatures features = camera.features();
            boolean offset = !"0".equals(features.current().getOrDefault(CameraSetting.OFFSET_X.key(), "0"))
                    || !"0".equals(features.current().getOrDefault(CameraSetting.OFFSET_Y.key(), "0"));
            if (features.offsetX().isPresent() && offset) {
                camera.apply(Map.of(CameraSetting.OFFSET_X, "0", CameraSetting.OFFSET_Y, "0"));
                return camera.features();
            }
            return features;
        }
    }
}
