package io.kensa.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The data folder: database, images, recipes, models, settings, snapshots.
 * {@code KENSA_HOME} overrides the per-user default (tests and scripts rely on this).
 */
public record KensaHome(Path root) {

    public static final String ENV = "KENSA_HOME";

    public KensaHome {
        root = root.toAbsolutePath().normalize();
    }

    /** The data folder for this process: {@code KENSA_HOME}, else the OS's per-user data directory. */
    public static KensaHome resolve() {
        return resolve(System.getenv(), System.getProperty("os.name"), Path.of(System.getProperty("user.home")));
    }

    static KensaHome resolve(Map<String, String> env, String osName, Path userHome) {
        String explicit = env.get(ENV);
        if (explicit != null && !explicit.isBlank()) {
            return new KensaHome(Path.of(explicit));
        }
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String local = env.getOrDefault("LOCALAPPDATA", userHome.resolve("AppData/Local").toString());
            return new KensaHome(Path.of(local, "Kensa"));
        }
        if (os.contains("mac")) {
            return new KensaHome(userHome.resolve("Library/Application Support/Kensa"));
        }
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(".local/share");
        return new KensaHome(base.resolve("kensa"));
    }

    public Path database() { return dir("db"); }
    public Path images() { return dir("images"); }
    public Path snapshots() { return dir("snapshots"); }
    public Path recipes() { return dir("recipes"); }
    public Path models() { return dir("models"); }
    public Path exports() { return dir("exports"); }
    public Path settingsFile() { return dir("").resolve("settings.properties"); }

    /** A sub-folder of the data folder, created on first use. */
    public Path dir(String name) {
        Path dir = name.isEmpty() ? root : root.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data folder " + dir
                    + ". Check that the disk is writable or set KENSA_HOME to another folder.", e);
        }
        return dir;
    }
}
