package io.kensa.ui;

import io.kensa.config.Settings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Inspect screen's {@code settings.properties}, remembered as it changes (not only on close: a crash or power cut
 * keeps it): writes run in the order changes happen on the saver thread, a burst of changes writes once.
 * Call it on one thread (the FX thread in the app).
 */
final class WindowSettings {
    private static final Logger LOG = LoggerFactory.getLogger(WindowSettings.class);
    static final long SAVE_DELAY_MS = 500;

    private final Path file;
    private final ScheduledExecutorService saver;
    /** Adds the values the screen's view-models hold now (overlay, divider). */
    private final UnaryOperator<Settings> current;
    /** Told, on the saver thread, when a write fails. */
    private final Consumer<String> onFailure;
    private Settings settings;
    private ScheduledFuture<?> pendingSave;

    WindowSettings(Settings settings, Path file, ScheduledExecutorService saver, UnaryOperator<Settings> current,
                   Consumer<String> onFailure) {
        this.settings = settings;
        this.file = file;
        this.saver = saver;
        this.current = current;
        this.onFailure = onFailure;
    }

    /** The settings as last read, saved or changed (without the view-models' current values). */
    Settings get() {
        return settings;
    }

    /** Changes the kept settings; written with the next save. */
    void change(UnaryOperator<Settings> edit) {
        settings = edit.apply(settings);
    }

    /** Settings to remember (window geometry is added by the application on close). */
    Settings toSave() {
        return current.apply(settings);
    }

    /** A write {@value #SAVE_DELAY_MS} ms after the last of a burst of changes (a dragged slider writes once). */
    void saveSoon() {
        cancelPendingSave();
        Settings snapshot = toSave();
        pendingSave = saver.schedule(() -> write(snapshot), SAVE_DELAY_MS, TimeUnit.MILLISECONDS);
    }

    /** Writes the current settings on the settings thread (the latest write wins; writes are atomic). */
    void saveInBackground() {
        cancelPendingSave();
        Settings snapshot = toSave();
        saver.execute(() -> write(snapshot));
    }

    /**
     * Writes the settings with {@code extra} (e.g. window geometry) now, after any pending write; for closing.
     * Waits at most a few seconds.
     */
    void saveNow(UnaryOperator<Settings> extra) {
        cancelPendingSave();
        settings = extra.apply(toSave());
        Settings snapshot = settings;
        try {
            saver.submit(() -> write(snapshot)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Settings not saved on close: {}", e.toString());
        }
    }

    void cancelPendingSave() {
        if (pendingSave != null) {
            pendingSave.cancel(false);
            pendingSave = null;
        }
    }

    private void write(Settings snapshot) {
        try {
            snapshot.save(file);
        } catch (IOException e) {
            LOG.warn("Settings not saved to {}: {}", file, e.getMessage());
            onFailure.accept("Settings not saved to " + file + ": " + e.getMessage());
        }
    }
}
