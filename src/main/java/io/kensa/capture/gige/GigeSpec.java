package io.kensa.capture.gige;

import io.kensa.capture.CaptureException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** A parsed {@code gige://ADDRESS-OR-ID?key=value&…} spec: the camera to open and the settings to apply. */
record GigeSpec(String address, Map<CameraSetting, String> settings) {

    static final String PREFIX = "gige://";

    GigeSpec {
        Map<CameraSetting, String> copy = new EnumMap<>(CameraSetting.class);
        copy.putAll(settings);
        settings = Collections.unmodifiableMap(copy);
    }

    static GigeSpec parse(String spec) throws CaptureException {
        if (spec == null || !spec.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new CaptureException("Not a GigE Vision source: '" + spec
                    + "'. Write gige://ADDRESS or gige://CAMERA-ID, e.g. gige://192.168.1.20");
        }
        String rest = spec.substring(PREFIX.length());
        int q = rest.indexOf('?');
        String address = decode(q < 0 ? rest : rest.substring(0, q), "the camera address", spec).trim();
        if (address.endsWith("/")) {
            address = address.substring(0, address.length() - 1);
        }
        if (address.isEmpty()) {
            throw new CaptureException("No camera address in '" + spec
                    + "'. Write gige://ADDRESS or gige://CAMERA-ID (Find cameras lists them)");
        }
        return new GigeSpec(address, q < 0 ? Map.of() : settings(spec, rest.substring(q + 1)));
    }

    static Map<CameraSetting, String> settings(String where, String query) throws CaptureException {
        Map<CameraSetting, String> settings = new EnumMap<>(CameraSetting.class);
        for (String pair : query.split("&")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq), "the setting name", where).trim();
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), "the value of " + key, where).trim();
            put(settings, where, key, value);
        }
        return settings;
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

    /** Undoes %XX escapes (camera ids may hold spaces or #); a stray % names the part and how to write it. */
    private static String decode(String s, String what, String where) throws CaptureException {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new CaptureException("Cannot read " + what + " '" + s + "' in " + where + ": a % must be followed by "
                    + "two hex digits (%20 is a space, %23 is #, %25 is % itself). Fix the escape or remove the %.");
        }
    }
}
