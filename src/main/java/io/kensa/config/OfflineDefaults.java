package io.kensa.config;

import java.nio.file.Path;
import java.util.Locale;

/**
 * DJL must never reach the network (it would download engines and call a cloud metadata address at start-up).
 * The launchers set these flags already; applying them here too keeps an installed or IDE-started Kensa offline.
 * DJL reads each name from the environment or, failing that, from a system property.
 */
public final class OfflineDefaults {
    private OfflineDefaults() {}

    public static void apply() {
        setIfAbsent("ai.djl.offline", "true");
        setIfAbsent("OPT_OUT_TRACKING", "true");
        setIfAbsent("DJL_CACHE_DIR", userCache().resolve("djl").toString());
    }

    /** The per-user cache folder for unpacked native libraries (libtorch is ~430 MB once). */
    public static Path userCache() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        Path home = Path.of(System.getProperty("user.home"));
        if (os.contains("win")) {
            String local = System.getenv("LOCALAPPDATA");
            return Path.of(local != null ? local : home.resolve("AppData/Local").toString(), "Kensa", "cache");
        }
        if (os.contains("mac")) {
            return home.resolve("Library/Caches/Kensa");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".cache")).resolve("kensa");
    }

    private static void setIfAbsent(String name, String value) {
        if (System.getenv(name) == null && System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }
}
