package io.kensa.inspect;

import io.kensa.capture.CaptureException;
import io.kensa.capture.SourceSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The camera settings a capture runs with, worked out in one place: this session's settings for the camera when it
 * has some (a complete set, which replaces the recipe's), else the recipe's {@code camera} map; then the settings
 * typed into the spec, key by key (a key typed in another case replaces the one it names). Only the keys that kind
 * of source takes count: all for {@code gige://}, {@code width}, {@code height}, {@code fps} for {@code usb:}, none for
 * replays. Pure: no camera, no files.
 *
 * @param camera   the camera without settings ({@link SourceSpec#cameraOnly()}); a replay as written
 * @param typed    the settings written in the spec itself, in order (none for a replay)
 * @param settings the settings the camera runs with, in order
 */
record CameraSettingsMerge(String camera, Map<String, String> typed, Map<String, String> settings) {

    CameraSettingsMerge {
        typed = Collections.unmodifiableMap(new LinkedHashMap<>(typed));
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * Merges for a spec as typed or picked. A spec that does not parse keeps no typed settings (opening it says what
     * is wrong) and is taken as the camera it names.
     */
    static CameraSettingsMerge of(String spec, Map<String, String> recipe, Optional<Map<String, String>> session) {
        String scheme = SourceSpec.schemeOf(spec);
        String camera = spec.strip();
        Map<String, String> typed = Map.of();
        try {
            SourceSpec parsed = SourceSpec.parse(spec);
            camera = parsed.cameraOnly();
            typed = parsed.isCamera() ? parsed.params() : Map.of();
        } catch (CaptureException e) {
            // not a valid spec: no typed settings
        }
        Map<String, String> merged = new LinkedHashMap<>(session.orElseGet(() -> SourceSpec.cameraSettingsFor(scheme, recipe)));
        typed.forEach((key, value) -> put(merged, key, value));
        return new CameraSettingsMerge(camera, typed, SourceSpec.cameraSettingsFor(scheme, merged));
    }

    /** The spec that opens the camera with {@link #settings()}; a replay opens as written. */
    String toOpen() throws CaptureException {
        return settings.isEmpty() ? camera : SourceSpec.parse(camera).withSettings(settings).text();
    }

    /**
     * The recipe's {@code camera} map after saving {@code chosen} for this camera: the settings this kind of camera
     * takes replace the recipe's; others (GigE features, for a USB camera) stay.
     */
    static Map<String, String> intoRecipe(String spec, Map<String, String> recipe, Map<String, String> chosen) {
        String scheme = SourceSpec.schemeOf(spec);
        Map<String, String> camera = new LinkedHashMap<>(recipe);
        camera.keySet().removeAll(SourceSpec.cameraSettingsFor(scheme, recipe).keySet());
        camera.putAll(SourceSpec.cameraSettingsFor(scheme, chosen));
        return camera;
    }

    /** The settings of {@code chosen} that a camera of this spec's kind keeps for this session. */
    static Map<String, String> forSession(String spec, Map<String, String> chosen) {
        return SourceSpec.cameraSettingsFor(SourceSpec.schemeOf(spec), chosen);
    }

    private static void put(Map<String, String> settings, String key, String value) {
        String existing = settings.keySet().stream().filter(k -> k.equalsIgnoreCase(key)).findFirst().orElse(key);
        settings.put(existing, value);
    }
}
