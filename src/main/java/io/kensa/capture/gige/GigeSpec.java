package io.kensa.capture.gige;

import io.kensa.capture.CaptureException;
import io.kensa.capture.SourceSpec;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * A {@code gige://ADDRESS-OR-ID?key=value&…} spec typed for GigE Vision: the camera to open and its settings as
 * {@link CameraSetting}s with checked values. Reading and writing the spec text is {@link SourceSpec}'s.
 */
record GigeSpec(String address, Map<CameraSetting, String> settings) {

    static final String SCHEME = "gige";

    GigeSpec {
        Map<CameraSetting, String> copy = new EnumMap<>(CameraSetting.class);
        copy.putAll(settings);
        settings = Collections.unmodifiableMap(copy);
    }

    static GigeSpec parse(String spec) throws CaptureException {
        if (spec == null || !SourceSpec.schemeOf(spec).equals(SCHEME)) {
            throw new CaptureException("Not a GigE Vision source: '" + spec
                    + "'. Write gige://ADDRESS or gige://CAMERA-ID, e.g. gige://192.168.1.20");
        }
        SourceSpec parsed = SourceSpec.parse(spec);
        Map<CameraSetting, String> settings = new EnumMap<>(CameraSetting.class);
        for (Map.Entry<String, String> e : parsed.params().entrySet()) {
            put(settings, parsed.text(), e.getKey(), e.getValue());
        }
        return new GigeSpec(parsed.target(), settings);
    }

    /** The spec text for a camera: {@code gige://ADDRESS-OR-ID}, the id escaped where it needs it. */
    static String of(String address) {
        return SourceSpec.print(SCHEME, address, Map.of());
    }

    /** Checks one key/value pair from a spec or a recipe map and adds it. */
    static void put(Map<CameraSetting, String> settings, String where, String key, String value) throws CaptureException {
        CameraSetting setting = CameraSetting.byKey(key).orElseThrow(() -> new CaptureException(
                "Unknown camera setting '" + key + "' in " + where + ". Known settings: " + CameraSetting.knownKeys()));
        String problem = setting.checkValue(value).orElse(null);
        if (problem != null) {
            throw new CaptureException("Camera setting " + setting.key() + "='" + value + "' in " + where + " " + problem);
        }
        settings.put(setting, value);
    }
}
