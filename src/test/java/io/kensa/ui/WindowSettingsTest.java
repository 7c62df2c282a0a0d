package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Inspect screen's settings file: the view-models' values go in, the close write wins, a failed write is told. */
class WindowSettingsTest {
    private final ScheduledExecutorService saver = Executors.newSingleThreadScheduledExecutor();
    @TempDir
    Path temp;

    @AfterEach
    void stop() {
        saver.shutdownNow();
    }

    @Test
    void theCloseWriteHasTheKeptSettingsTheViewModelsValuesAndTheExtra() throws Exception {
        Path file = temp.resolve("settings.properties");
        String[] opacity = {"0.30"};
        WindowSettings settings = new WindowSettings(Settings.empty().with(Settings.RECIPE, "bottle"), file, saver,
                s -> s.with(OverlayViewModel.OPACITY, opacity[0]), failure -> fail(failure));

        settings.change(s -> s.with(Settings.SOURCE, "usb:0"));
        settings.saveSoon();
        opacity[0] = "0.80";
        settings.saveSoon(); // the burst's last value is the one written
        settings.saveNow(s -> s.with("window.width", "1200"));

        Settings written = Settings.load(file);
        assertEquals("bottle", written.get(Settings.RECIPE).orElseThrow());
        assertEquals("usb:0", written.get(Settings.SOURCE).orElseThrow());
        assertEquals("0.80", written.get(OverlayViewModel.OPACITY).orElseThrow());
        assertEquals("1200", written.get("window.width").orElseThrow());
        saver.shutdown();
        assertTrue(saver.awaitTermination(5, TimeUnit.SECONDS));
        assertEquals("1200", Settings.load(file).get("window.width").orElseThrow(),
                "the debounced write (without the extra) was cancelled, not written after the close write");
    }

    @Test
    void aWriteThatFailsIsToldWithTheFileAndTheReason() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("settings.properties")); // a folder where the file should be
        Files.writeString(folder.resolve("keep"), "not empty, so nothing replaces it");
        List<String> told = new CopyOnWriteArrayList<>();
        WindowSettings settings = new WindowSettings(Settings.empty(), folder, saver, s -> s, told::add);

        settings.saveInBackground();
        saver.submit(() -> { }).get(5, TimeUnit.SECONDS); // the write ran before this

        assertEquals(1, told.size(), told.toString());
        assertTrue(told.get(0).startsWith("Settings not saved to " + folder), told.get(0));
    }
}
