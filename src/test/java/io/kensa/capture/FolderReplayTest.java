package io.kensa.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.util.Pngs;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderReplayTest {
    @TempDir
    Path dir;

    @Test
    void replaysImagesInNaturalNameOrderAndLoops() throws Exception {
        DemoImages.copyAs(dir, "img10.png", "img2.png", "img1.png");
        Files.writeString(dir.resolve("notes.txt"), "not an image, ignored");
        List<String> origins = new ArrayList<>();
        try (FrameSource source = FrameSources.create("folder:" + dir + "?fps=0")) {
            source.open();
            for (int i = 0; i < 7; i++) {
                Frame frame = source.grab();
                origins.add(frame.origin());
                assertEquals(i + 1, frame.sequence());
                assertEquals("folder:" + dir + "?fps=0", frame.source());
            }
        }
        assertEquals(List.of("img1.png", "img2.png", "img10.png", "img1.png", "img2.png", "img10.png", "img1.png"), origins);
    }

    @Test
    void deliversThePixelsOfTheFile() throws Exception {
        DemoImages.copyAs(dir, "a.png");
        try (FrameSource source = FrameSources.create("folder:" + dir + "?fps=0")) {
            source.open();
            BufferedImage got = source.grab().image();
            BufferedImage expected = ImageIO.read(dir.resolve("a.png").toFile());
            assertEquals(320, got.getWidth());
            assertEquals(320, got.getHeight());
            assertArrayEquals(expected.getRGB(0, 0, 320, 320, null, 0, 320), got.getRGB(0, 0, 320, 320, null, 0, 320));
        }
    }

    @Test
    void replaysSubFoldersWhenRecursive() throws Exception {
        DemoImages.copyAs(dir.resolve("b"), "001.png");
        DemoImages.copyAs(dir.resolve("a"), "002.png", "010.png");
        try (FrameSource source = FrameSources.create("folder:" + dir + "?fps=0&recursive=true")) {
            source.open();
            assertEquals(List.of("a/002.png", "a/010.png", "b/001.png"),
                    List.of(source.grab().origin(), source.grab().origin(), source.grab().origin()));
        }
        CaptureException flat = assertThrows(CaptureException.class, () -> {
            try (FrameSource source = FrameSources.create("folder:" + dir)) {
                source.open();
            }
        });
        assertTrue(flat.getMessage().contains("has no readable images"), flat.getMessage());
        assertTrue(flat.getMessage().contains("?recursive=true"), flat.getMessage());
    }

    @Test
    void pacesFramesAtTheRequestedRate() throws Exception {
        DemoImages.copyAs(dir, "a.png", "b.png");
        try (FrameSource source = FrameSources.create("folder:" + dir + "?fps=20")) {
            source.open();
            source.grab();
            long start = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                source.grab();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // 10 intervals of 50 ms: never faster; the upper bound only guards against a stuck pacer
            assertTrue(seconds >= 0.45 && seconds < 5, "10 frames at 20 fps took " + seconds + " s");
        }
    }

    @Test
    void skipsCorruptFileWithWarningEventNamingIt() throws Exception {
        DemoImages.copyAs(dir, "001.png", "003.png");
        Files.write(dir.resolve("002.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4, 5});
        PumpEvents events = new PumpEvents();
        FramePump pump = FramePump.start("folder:" + dir + "?fps=0", events);
        try (FrameSlot slot = pump.subscribe("test")) {
            CaptureEvent warning = events.await(CaptureEvent.Kind.WARNING, Duration.ofSeconds(10));
            assertTrue(warning.message().startsWith("Skipped 002.png in the replay folder " + dir), warning.message());
            assertTrue(warning.message().contains("corrupt or unreadable"), warning.message());
            for (int i = 0; i < 20; i++) {
                String origin = slot.take(Duration.ofSeconds(5)).orElseThrow().origin();
                assertTrue(origin.equals("001.png") || origin.equals("003.png"), origin);
            }
            assertEquals(CaptureEvent.Kind.RUNNING, pump.state());
        } finally {
            pump.stop();
        }
        assertEquals(1, events.count(CaptureEvent.Kind.WARNING), "reported once, not on every lap: " + events.all());
        assertEquals(0, pump.stats().failures());
    }

    @Test
    void skipsImagesWhoseHeaderClaimsAHugeSizeOrThatAreTruncated() throws Exception {
        DemoImages.copyAs(dir, "001.png");
        byte[] png = Files.readAllBytes(dir.resolve("001.png"));
        Files.write(dir.resolve("002.png"), Pngs.withSize(png, 20000, 20000));
        Files.write(dir.resolve("003.png"), Arrays.copyOf(png, png.length / 2));
        PumpEvents events = new PumpEvents();
        FramePump pump = FramePump.start("folder:" + dir + "?fps=0", events);
        try (FrameSlot slot = pump.subscribe("test")) {
            int first = events.awaitFrom(0, CaptureEvent.Kind.WARNING, Duration.ofSeconds(10));
            int second = events.awaitFrom(first + 1, CaptureEvent.Kind.WARNING, Duration.ofSeconds(10));
            String huge = events.all().get(first).message();
            String truncated = events.all().get(second).message();
            assertTrue(huge.startsWith("Skipped 002.png in the replay folder " + dir + ": its header says 20000×20000 pixels"), huge);
            assertTrue(huge.contains("image too large or its header is damaged"), huge);
            assertTrue(truncated.startsWith("Skipped 003.png in the replay folder " + dir + ": "), truncated);
            assertTrue(truncated.contains("truncated"), truncated);
            assertEquals("001.png", slot.take(Duration.ofSeconds(5)).orElseThrow().origin());
        } finally {
            pump.stop();
        }
    }

    @Test
    void folderWithoutReadableImagesIsAClearError() throws Exception {
        Files.writeString(dir.resolve("broken.png"), "not a png");
        CaptureException none = assertThrows(CaptureException.class, () -> {
            try (FrameSource source = FrameSources.create("folder:" + dir)) {
                source.open();
                source.grab();
            }
        });
        assertTrue(none.getMessage().contains("The replay folder " + dir + " has no readable images"), none.getMessage());

        CaptureException missing = assertThrows(CaptureException.class, () -> {
            try (FrameSource source = FrameSources.create("folder:" + dir.resolve("nowhere"))) {
                source.open();
            }
        });
        assertTrue(missing.getMessage().contains("The replay folder " + dir.resolve("nowhere") + " is not there"), missing.getMessage());
    }

    @Test
    void picksUpImagesAddedWhileRunning() throws Exception {
        DemoImages.copyAs(dir, "1.png");
        try (FrameSource source = FrameSources.create("folder:" + dir + "?fps=0")) {
            source.open();
            assertEquals("1.png", source.grab().origin());
            Files.copy(dir.resolve("1.png"), dir.resolve("2.png"));
            assertEquals("1.png", source.grab().origin()); // next lap lists the folder again
            assertEquals("2.png", source.grab().origin());
        }
    }
}
