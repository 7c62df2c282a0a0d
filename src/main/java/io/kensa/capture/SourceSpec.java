package io.kensa.capture;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
import java.util.TreeSet;
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
 * <p>
 * This class is the one reader and writer of specs. One decoding rule: setting names and values, and the target of
 * every scheme but the path schemes ({@code folder:}, {@code video:}, {@code usb:}, whose target is a file or device
 * path taken as written), are URL-decoded ({@code %XX}, and {@code +} for a space), so a camera id may hold
 * {@code ?}, {@code &} or {@code #}; a stray {@code %} is refused with the part named and how to write it.
 * {@link #print} writes a spec back, escaping what needs it, and {@code parse(print(…))} gives the same parts.
 * Setting names of the built-in schemes are lower case; other schemes keep them as written (their opener reads them,
 * e.g. GigE's {@code pixelFormat}), and a name given twice in any case is refused.
 *
 * @param text   the spec as written (trimmed); frames carry it as their {@link Frame#source()}
 * @param scheme lower-case scheme: {@code folder}, {@code video}, {@code usb}, {@code gige}, or one registered later
 * @param target what follows the scheme (and {@code //}) up to the settings: a path, an index or an address
 * @param params the settings in the order written
 */
public record SourceSpec(String text, String scheme, String target, Map<String, String> params) {

    private static final String GIGE = "gige";
    private static final Set<String> USB_CAMERA_KEYS = Set.of("width", "height", "fps");
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
        String scheme = schemeOf(text);
        if (colon < 0 || !SCHEME.matcher(scheme).matches()) {
            throw new CaptureException("'" + text + "' is not a source name. Write one of " + FORMS
                    + " (for example folder:/data/bottle or usb:0).");
        }
        String rest = text.substring(colon + 1);
        int query = rest.indexOf('?');
        String target = (query < 0 ? rest : rest.substring(0, query)).strip();
        Map<String, String> params = query < 0 ? Map.of() : parseParams(text, scheme, rest.substring(query + 1));
        if (scheme.equals(GIGE)) {
            if (!target.startsWith("//") || target.length() == 2) {
                throw gigeForm(text);
            }
            target = decode(target.substring(2), "the camera address", text).strip();
            // every trailing slash goes (gige://cam// too), or a printed spec would read back as another camera
            while (target.endsWith("/")) {
                target = target.substring(0, target.length() - 1).strip();
            }
            if (target.isEmpty()) {
                throw gigeForm(text);
            }
        } else if (!BUILT_IN_PARAMS.containsKey(scheme)) {
            target = decode(target, "the address", text).strip();
        }
        SourceSpec parsed = new SourceSpec(text, scheme, target, params);
        parsed.checkBuiltIn();
        return parsed;
    }

    private static CaptureException gigeForm(String text) {
        return new CaptureException("'" + text + "': write GigE Vision cameras as gige://ADDRESS "
                + "(an IP address or camera id), for example gige://192.168.1.20.");
    }

    private static Map<String, String> parseParams(String text, String scheme, String query) throws CaptureException {
        Map<String, String> params = new LinkedHashMap<>();
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        for (String pair : query.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "the setting name", text).strip();
            if (BUILT_IN_PARAMS.containsKey(scheme)) {
                name = name.toLowerCase(Locale.ROOT);
            }
            if (eq < 0 || name.isEmpty()) {
                throw new CaptureException("'" + text + "': settings are written name=value joined by &, not '"
                        + pair + "' (for example folder:/data/bottle?fps=5).");
            }
            if (!seen.add(name)) {
                throw new CaptureException("'" + text + "': the setting '" + name + "' is given twice.");
            }
            params.put(name, decode(pair.substring(eq + 1), "the value of " + name, text).strip());
        }
        return params;
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

    /**
     * Writes a spec from its parts, escaping names, values and (but for the path schemes) the target where they
     * need it; {@link #parse} reads it back to the same parts. {@code print("gige", "Fake_1", {width=640})} is
     * {@code gige://Fake_1?width=640}.
     *
     * @throws IllegalArgumentException for a path that holds {@code ?}, which no spec can carry
     */
    public static String print(String scheme, String target, Map<String, String> settings) {
        String lower = scheme.toLowerCase(Locale.ROOT);
        StringBuilder text = new StringBuilder(lower).append(':');
        if (BUILT_IN_PARAMS.containsKey(lower)) {
            if (target.indexOf('?') >= 0) {
                throw new IllegalArgumentException("A " + lower + ": path cannot contain '?': " + target);
            }
            text.append(target);
        } else {
            text.append(lower.equals(GIGE) ? "//" : "").append(encode(target, "/:"));
        }
        char separator = '?';
        for (Map.Entry<String, String> e : settings.entrySet()) {
            text.append(separator).append(encode(e.getKey(), "")).append('=').append(encode(e.getValue(), ":/"));
            separator = '&';
        }
        return text.toString();
    }

    /** Escapes what a spec's decoder would read differently: %, ?, &amp;, =, #, +, spaces and control characters. */
    private static String encode(String s, String keep) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            if (c >= 0x80 || (c < 0x80 && Character.isLetterOrDigit(c)) || "-._~,;*!'()@$".indexOf(c) >= 0
                    || keep.indexOf(c) >= 0) {
                out.append(c); // non-ASCII letters stay as written: the decoder leaves them alone
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
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

    /** The scheme a spec starts with, lower case, without checking the rest ({@code ""} when it has none). */
    public static String schemeOf(String spec) {
        String text = spec == null ? "" : spec.strip();
        int colon = text.indexOf(':');
        return colon < 0 ? "" : text.substring(0, colon).toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a spec names a camera ({@code gige://…}, {@code usb:…}) rather than a replay, by its scheme alone: a
     * camera spec that does not parse is still a camera (opening it says what is wrong).
     */
    public static boolean isCamera(String spec) {
        String scheme = schemeOf(spec);
        return scheme.equals("usb")
                || (scheme.equals(GIGE) && spec.strip().substring(GIGE.length() + 1).startsWith("//"));
    }

    /** Whether this spec names a camera ({@code gige://}, {@code usb:}) rather than a replay. */
    public boolean isCamera() {
        return scheme.equals("usb") || scheme.equals(GIGE);
    }

    /**
     * The camera without its settings ({@code gige://ADDRESS}, {@code usb:0}), as {@link #print} writes it: what the
     * station remembers, so camera settings live in the recipe. A replay is returned as written (its {@code fps}
     * belongs to the source).
     */
    public String cameraOnly() {
        return isCamera() ? print(scheme, target, Map.of()) : text;
    }

    /** The same source with these settings instead of its own, checked as {@link #parse} checks a spec. */
    public SourceSpec withSettings(Map<String, String> settings) throws CaptureException {
        return parse(print(scheme, target, settings));
    }

    /**
     * The camera settings a source of this scheme takes from a recipe or session map, in their order: all of them
     * for {@code gige}, {@code width}, {@code height} and {@code fps} for {@code usb}, none for replays and others.
     */
    public static Map<String, String> cameraSettingsFor(String scheme, Map<String, String> settings) {
        Map<String, String> taken = new LinkedHashMap<>();
        settings.forEach((key, value) -> {
            if (scheme.equals(GIGE) || (scheme.equals("usb") && USB_CAMERA_KEYS.contains(key))) {
                taken.put(key, value);
            }
        });
        return taken;
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
