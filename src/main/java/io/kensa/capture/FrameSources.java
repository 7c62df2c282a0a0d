package io.kensa.capture;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Creates a {@link FrameSource} from its spec string (see {@link SourceSpec} for the syntax). {@code folder:},
 * {@code video:} and {@code usb:} are built in; other schemes are plugged in with {@link #register}, e.g. at
 * start-up {@code FrameSources.register("gige", GigeCamera::new)}.
 */
public final class FrameSources {

    /** Makes an unopened source for a parsed spec; throws for settings it cannot use. */
    @FunctionalInterface
    public interface Opener {
        FrameSource create(SourceSpec spec) throws CaptureException;
    }

    private static final Map<String, Opener> OPENERS = new ConcurrentHashMap<>(Map.of(
            "folder", FolderReplay::new,
            "video", VideoReplay::new,
            "usb", UsbCamera::new));

    private FrameSources() {}

    /** Adds or replaces the opener for a scheme (lower case, e.g. {@code gige}). */
    public static void register(String scheme, Opener opener) {
        if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
            throw new IllegalArgumentException("A source scheme is lower-case letters and digits, not '" + scheme + "'");
        }
        OPENERS.put(scheme, opener);
    }

    /** Removes a scheme's opener and returns it (tests that need a build without it put it back). */
    static Optional<Opener> unregister(String scheme) {
        return Optional.ofNullable(OPENERS.remove(scheme));
    }

    /** The schemes that can be opened now, sorted. */
    public static Set<String> schemes() {
        return new TreeSet<>(OPENERS.keySet());
    }

    /** Parses the spec and creates its source, not yet opened ({@link FramePump} opens it). */
    public static FrameSource create(String spec) throws CaptureException {
        return create(SourceSpec.parse(spec));
    }

    public static FrameSource create(SourceSpec spec) throws CaptureException {
        Opener opener = OPENERS.get(spec.scheme());
        if (opener != null) {
            return opener.create(spec);
        }
        if (spec.scheme().equals("gige")) {
            throw new CaptureException("GigE Vision cameras (" + spec.text() + ") are not available in this build. "
                    + "Use a usb:, folder: or video: source.");
        }
        throw new CaptureException("Unknown source type '" + spec.scheme() + "' in '" + spec.text() + "'. Use "
                + "folder:PATH, video:PATH, usb:INDEX or usb:/dev/videoN (for example folder:/data/bottle or usb:0).");
    }
}
