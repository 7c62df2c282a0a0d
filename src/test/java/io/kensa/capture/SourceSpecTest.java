package io.kensa.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceSpecTest {

    @Test
    void parsesEveryBuiltInForm() throws CaptureException {
        SourceSpec folder = SourceSpec.parse("  folder:/data/bottle?fps=5&recursive=true ");
        assertEquals("folder", folder.scheme());
        assertEquals(Path.of("/data/bottle"), folder.path());
        assertEquals(5.0, folder.doubleParam("fps").getAsDouble());
        assertTrue(folder.flag("recursive", false));
        assertEquals("folder:/data/bottle?fps=5&recursive=true", folder.text());

        SourceSpec video = SourceSpec.parse("VIDEO:clips/line 3.mp4");
        assertEquals("video", video.scheme());
        assertEquals(Path.of("clips/line 3.mp4"), video.path());
        assertTrue(video.params().isEmpty());

        SourceSpec usb = SourceSpec.parse("usb:0?width=1280&height=720&fps=30");
        assertEquals("0", usb.target());
        assertEquals(Map.of("width", "1280", "height", "720", "fps", "30"), usb.params());
        assertEquals(List.of("width", "height", "fps"), List.copyOf(usb.params().keySet()));

        assertEquals("/dev/video2", SourceSpec.parse("usb:/dev/video2").target());

        SourceSpec gige = SourceSpec.parse("gige://192.168.1.20?exposure=5000");
        assertEquals("gige", gige.scheme());
        assertEquals("192.168.1.20", gige.target());
        assertEquals("5000", gige.param("exposure").orElseThrow());
    }

    @Test
    void expandsHomeFolder() throws CaptureException {
        assertEquals(Path.of(System.getProperty("user.home"), "images"), SourceSpec.parse("folder:~/images").path());
    }

    @Test
    void rejectsBadSpecsWithClearMessages() {
        assertMessage("", "No source given");
        assertMessage("camera0", "'camera0' is not a source name. Write one of folder:PATH");
        assertMessage("folder:", "needs a path");
        assertMessage("usb:", "needs a camera index or device path");
        assertMessage("usb:front", "usb: takes a camera index (usb:0) or a device path (usb:/dev/video0), not 'front'");
        assertMessage("usb:-1", "not '-1'");
        assertMessage("folder:/data?fps=fast", "fps must be a number, not 'fast'");
        assertMessage("folder:/data?fps=-2", "fps must be 0 (as fast as possible) or more, not -2");
        assertMessage("usb:0?fps=0", "fps must be above 0");
        assertMessage("usb:0?width=0", "width must be above 0");
        assertMessage("usb:0?height=tall", "height must be a whole number, not 'tall'");
        assertMessage("folder:/data?speed=2", "unknown setting 'speed'. folder: sources accept fps, recursive");
        assertMessage("folder:/data?fps", "settings are written name=value joined by &, not 'fps'");
        assertMessage("folder:/data?fps=1&fps=2", "the setting 'fps' is given twice");
        assertMessage("folder:/data?recursive=maybe", "recursive must be true or false, not 'maybe'");
        assertMessage("gige:192.168.1.20", "write GigE Vision cameras as gige://ADDRESS");
        assertMessage("gige://", "write GigE Vision cameras as gige://ADDRESS");
    }

    @Test
    void unknownSchemeIsRefusedWhenCreatingTheSource() throws CaptureException {
        SourceSpec.parse("rtsp://camera/stream"); // syntactically a source; nothing opens it
        CaptureException e = assertThrows(CaptureException.class, () -> FrameSources.create("rtsp://camera/stream"));
        assertTrue(e.getMessage().startsWith("Unknown source type 'rtsp' in 'rtsp://camera/stream'. Use folder:PATH, video:PATH, usb:INDEX"), e.getMessage());
    }

    @Test
    void gigeNeedsItsOpenerRegistered() throws CaptureException {
        // other tests in this JVM may have registered the GigE opener: take it away for this check, then put it back
        java.util.Optional<FrameSources.Opener> registered = FrameSources.unregister("gige");
        try {
            CaptureException e = assertThrows(CaptureException.class, () -> FrameSources.create("gige://127.0.0.1"));
            assertTrue(e.getMessage().contains("GigE Vision cameras (gige://127.0.0.1) are not available in this build"), e.getMessage());
        } finally {
            registered.ifPresent(opener -> FrameSources.register("gige", opener));
        }
    }

    @Test
    void registeredSchemeOpensThroughItsOpener() throws CaptureException {
        Path demo = io.kensa.config.ShippedResources.demoBottle().resolve("train/good");
        // a scheme that replays the demo folder: shows a plug-in opener receives the parsed spec
        FrameSources.register("demo", spec -> FrameSources.create("folder:" + demo + "?fps=" + spec.param("fps").orElse("0")));
        FrameSource source = FrameSources.create("demo://bottle?fps=0");
        assertTrue(FrameSources.schemes().contains("demo"));
        try (source) {
            source.open();
            assertEquals(320, source.grab().width());
        }
        assertThrows(IllegalArgumentException.class, () -> FrameSources.register("Bad Scheme", spec -> source));
    }

    private static void assertMessage(String spec, String expected) {
        CaptureException e = assertThrows(CaptureException.class, () -> FrameSources.create(spec), spec);
        assertTrue(e.getMessage().contains(expected), () -> "'" + spec + "' gave: " + e.getMessage());
    }
}
