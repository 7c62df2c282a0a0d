package io.kensa.config;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workstation settings remembered between runs ({@code settings.properties} in the data folder): window geometry,
 * last source, device, LLM endpoint (never the key), database URL, overlay preferences. Immutable: {@link #with}
 * returns a copy; {@link #save} writes atomically so a crash never leaves a half-written file.
 */
public record Settings(Map<String, String> values) {
    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    /** One settings write at a time in this process. */
    private static final Object SAVING = new Object();

    public static final String SOURCE = "capture.source";
    /**
     * A camera source as an older Kensa remembered it, with the camera settings written into it; kept until they are
     * saved to the recipe or another source is picked, so they are never lost on an upgrade.
     */
    public static final String SOURCE_LEGACY = "capture.source.legacy";
    public static final String DEVICE = "compute.device";
    public static final String RECIPE = "recipe";
    public static final String DATABASE_URL = "database.url";
    public static final String LLM_BASE_URL = "llm.baseUrl";
    public static final String LLM_MODEL = "llm.model";
    public static final String STATION = "station";
    public static final String OPERATOR = "operator";

    public Settings {
        values = Map.copyOf(values);
    }

    public static Settings empty() {
        return new Settings(Map.of());
    }

    /**
     * Reads the settings file; a missing file gives defaults (a new station). A file that is present but unreadable,
     * empty or corrupt is refused: falling back to defaults would open the demo recipe and a local database instead
     * of the plant's.
     *
     * @throws java.io.UncheckedIOException naming the file and the fix
     */
    public static Settings load(Path file) {
        if (!Files.exists(file)) {
            return empty();
        }
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            props.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw refusal(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        if (props.isEmpty()) {
            throw refusal(file, "is empty", null);
        }
        Map<String, String> map = new TreeMap<>();
        props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
        return new Settings(map);
    }

    private static java.io.UncheckedIOException refusal(Path file, String what, Exception cause) {
        String message = "The settings file " + file + " " + what + ", so Kensa does not know this station's recipe and"
                + " database. Restore the file from a backup or from another station (or delete it to start as a new"
                + " station with the demo recipe), then start Kensa again.";
        LOG.error("{}", message, cause);
        return new java.io.UncheckedIOException(new IOException(message, cause));
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    public double getDouble(String key, double fallback) {
        try {
            return get(key).map(Double::parseDouble).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public Settings with(String key, String value) {
        Map<String, String> copy = new TreeMap<>(values);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return new Settings(copy);
    }

    /**
     * Writes to a temp file of its own in the same folder, then renames it over the old one. Saves from different
     * threads (the window's saver, the settings view) take turns, so each one replaces the file whole.
     */
    public void save(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Properties props = new Properties();
        props.putAll(values);
        synchronized (SAVING) {
            Path tmp = Files.createTempFile(folder, file.getFileName() + ".", ".tmp");
            try {
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(tmp,
                        java.nio.file.StandardOpenOption.WRITE);
                     Writer out = new java.io.BufferedWriter(java.nio.channels.Channels.newWriter(channel,
                             java.nio.charset.StandardCharsets.UTF_8))) {
                    props.store(out, "Kensa workstation settings");
                    out.flush();
                    channel.force(true); // on disk before the rename, so a power cut never leaves an empty file
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp); // only left when writing or moving failed
            }
        }
    }
}
