package io.kensa.capture;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed source name: the one string that names a camera or replay everywhere (UI, settings, CLI {@code --source}).
 *
 * <pre>
 *   folder:PATH[?fps=F&amp;recursive=true]   images in PATH, natural name order, looping; fps default 10, 0 = as fast as possible;
 *                                        recursive=true also replays sub-folders (ordered by relative path)
 *   video:PATH[?fps=F]                    a video file (mp4, avi, mkv, …) looping; fps default = the file's rate, 0 = as fast as possible
 *   usb:INDEX[?width=W&amp;height=H&amp;fps=F]  a USB/UVC camera by index (0 = first camera)
 *   usb:/dev/videoN[?…]                   a USB/UVC camera by device path (Linux; /dev/v4l/by-id/… links work too)
 *   gige://ADDRESS[?…]                    a GigE Vision camera (IP address or camera id); its settings are up to its opener
 * </pre>
 * The scheme is everything before the first {@code :} (case-insensitive); settings follow the first {@code ?} as
 * {@code name=value} pairs joined by {@code &}, so a path cannot contain {@code ?}. A leading {@code ~/} in a path
 * means the user's home folder. Camera settings are requests: a camera that does not offer them keeps its own
 * (the source reports a warning). Examples: {@code folder:/data/bottle?fps=5}, {@code usb:0?width=1280&height=720&fps=30}.
 *
 * @param text   the spec as written (trimmed); frames carry it as their {@link Frame#source()}
 * @param scheme lower-case scheme: {@code folder}, {@code video}, {@code usb}, {@code gige}, or one registered later
 * @param target what follows the scheme (and {@code //}) up to the settings: a path, an index or an address
 * @param params the settings in the order written
 */
public record SourceSpec(String text, String scheme, String target, Map<String, String> params) {

    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
    private static final String FORMS = "folder:PATH, video:PATH, usb:INDEX, usb:/dev/videoN or gige://ADDRESS";
    private static final Map<String, Set<String>> BUILT_IN_PARAMS = Map.of(
            "folder", Set.of("fps", "recursive"),
            "video", Set.of("fps"),
            "usb", Set.of("width", "height", "fps"));

    public SourceSpec {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    /** Parses and checks a spec; the message of the exception says what is wrong and how to write it. */
    public static SourceSpec parse(String spec) throws CaptureException {
        String text = spec == null ? "" : spec.strip();
        if (text.isEmpty()) {
            throw new CaptureException("No source given. Write one of " + FORMS + ".");
        }
        int colon = text.indexOf(':');
        String scheme = colon < 0 ? "" : text.substring(0, colon).toLowerCase(Locale.ROOT);
        if (colon < 0 || !SCHEME.matcher(scheme).matches()) {
            throw new CaptureException("'" + text + "' is not a source name. Write one of " + FORMS
                    + " (for example folder:/data/bottle or usb:0).");
        }
        String rest = text.substring(colon + 1);
        int query = rest.indexOf('?');
        String target = (query < 0 ? rest : rest.substring(0, query)).strip();
        Map<String, String> params = query < 0 ? Map.of() : parseParams(text, rest.substring(query + 1));
        if (scheme.equals("gige")) {
            if (!target.startsWith("//") || target.length() == 2) {
                throw new CaptureException("'" + text + "': write GigE Vision cameras as gige://ADDRESS "
                        + "(an IP address or camera id), for example gige://192.168.1.20.");
            }
            target = target.substring(2);
        }
        SourceSpec parsed = new SourceSpec(text, scheme, target, params);
        parsed.checkBuiltIn();
        return parsed;
    }

    private static Map<String, String> parseParams(String text, String query) throws CaptureException {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = (eq < 0 ? pair : pair.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
            if (eq < 0 || name.isEmpty()) {
                throw new CaptureException("'" + text + "': settings are written name=value joined by &, not '"
                        + pair + "' (for example folder:/data/bottle?fps=5).");
            }
            if (params.put(name, pair.substring(eq + 1).strip()) != null) {
                throw new CaptureException("'" + text + "': the setting '" + name + "' is given twice.");
            }
        }
        return params;
    }

    private void checkBuiltIn() throws CaptureException {
        Set<String> allowed = BUILT_IN_PARAMS.get(scheme);
        if (allowed == null) {
            return;
        }
        for (String name : params.keySet()) {
            if (!allowed.contains(name)) {
                throw new CaptureException("'" + text + "': unknown setting '" + name + "'. " + scheme
                        + ": sources accept " + String.join(", ", allowed.stream().sorted().toList()) + ".");
            }
        }
        if (target.isEmpty()) {
            throw new CaptureException("'" + text + "': the " + scheme + ": source needs "
                    + (scheme.equals("usb") ? "a camera index or device path, for example usb:0." : "a path, for example "
                    + scheme + ":/data/images."));
        }
        if (scheme.equals("usb") && !target.startsWith("/") && !target.matches("\\d+")) {
            throw new CaptureException("'" + text + "': usb: takes a camera index (usb:0) or a device path "
                    + "(usb:/dev/video0), not '" + target + "'.");
        }
        OptionalDouble fps = doubleParam("fps");
        if (fps.isPresent() && (fps.getAsDouble() < 0 || (scheme.equals("usb") && fps.getAsDouble() == 0))) {
            throw new CaptureException("'" + text + "': fps must be " + (scheme.equals("usb") ? "above 0" : "0 (as fast as possible) or more")
                    + ", not " + params.get("fps") + ".");
        }
        for (String size : new String[] {"width", "height"}) {
            OptionalInt value = intParam(size);
            if (value.isPresent() && value.getAsInt() <= 0) {
                throw new CaptureException("'" + text + "': " + size + " must be above 0, not " + value.getAsInt() + ".");
            }
        }
        flag("recursive", false);
    }

    /** The raw value of a setting. */
    public Optional<String> param(String name) {
        return Optional.ofNullable(params.get(name));
    }

    public OptionalInt intParam(String name) throws CaptureException {
        String value = params.get(name);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new CaptureException("'" + text + "': " + name + " must be a whole number, not '" + value + "'.");
        }
    }

    public OptionalDouble doubleParam(String name) throws CaptureException {
        String value = params.get(name);
        if (value == null) {
            return OptionalDouble.empty();
        }
        try {
            double parsed = Double.parseDouble(value);
            if (!Double.isFinite(parsed)) {
                throw new NumberFormatException(value);
            }
            return OptionalDouble.of(parsed);
        } catch (NumberFormatException e) {
            throw new CaptureException("'" + text + "': " + name + " must be a number, not '" + value + "'.");
        }
    }

    public boolean flag(String name, boolean fallback) throws CaptureException {
        String value = params.get(name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new CaptureException("'" + text + "': " + name + " must be true or false, not '" + value + "'.");
        };
    }

    /** The target as a file path ({@code folder:} and {@code video:}), with {@code ~/} expanded. */
    public Path path() throws CaptureException {
        String path = target.equals("~") || target.startsWith("~/")
                ? System.getProperty("user.home") + target.substring(1) : target;
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw new CaptureException("'" + text + "': '" + target + "' is not a valid path on this computer.");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
