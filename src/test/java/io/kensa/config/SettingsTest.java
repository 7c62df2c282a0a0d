package io.kensa.config;

import static org.junit.jupiter.api.Assertions.*;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path folder;

    /** The window's saver and the settings view save at the same time: every save succeeds, the file always parses. */
    @Test
    void emptyOrCorruptSettingsFileIsRefusedNotDefaulted(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty.properties");
        Files.writeString(empty, "");
        java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class, () -> Settings.load(empty));
        assertTrue(e.getCause().getMessage().contains(empty.toString()) && e.getCause().getMessage().contains("is empty"),
                e.getCause().getMessage());
        Path corrupt = dir.resolve("corrupt.properties");
        Files.writeString(corrupt, "database.url=jdbc:postgresql://plant/kensa\\u00zz\n");
        assertThrows(java.io.UncheckedIOException.class, () -> Settings.load(corrupt));
        assertTrue(Settings.load(dir.resolve("missing.properties")).values().isEmpty(), "a new station starts empty");
        Settings.empty().with("station", "s1").save(dir.resolve("saved.properties"));
        assertEquals("s1", Settings.load(dir.resolve("saved.properties")).get("station").orElseThrow());
    }

    @Test
    void concurrentSavesAllSucceedAndTheFileIsAlwaysWhole() throws Exception {
        Path file = folder.resolve("settings.properties");
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (String who : List.of("window", "form")) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < 300; i++) {
                        Settings.empty().with("writer", who).with("count", String.valueOf(i)).save(file);
                        Properties read = new Properties();
                        try (Reader in = Files.newBufferedReader(file)) {
                            read.load(in);
                        }
                        assertNotNull(read.getProperty("writer"), "a whole file at save " + i);
                        assertNotNull(read.getProperty("count"), "a whole file at save " + i);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "saver-" + who);
            threads.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(List.of(), failures);
        assertEquals("299", Settings.load(file).get("count").orElseThrow());
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(List.of(file), left.toList(), "no temp files left behind");
        }
    }
}
