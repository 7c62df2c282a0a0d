package io.kensa.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Only the paths without a camera can run here: there is no /dev/video* on this machine or in CI. */
class UsbCameraTest {

    @Test
    void missingCameraIsAClearError() throws Exception {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "device paths are checked on Linux");
        assumeFalse(Files.exists(Path.of("/dev/video7")), "this machine has a /dev/video7");
        CaptureException byIndex = assertThrows(CaptureException.class, () -> open("usb:7?width=1280&height=720&fps=30"));
        assertEquals("No camera at /dev/video7 (usb:7?width=1280&height=720&fps=30). Plug the camera in or choose "
                + "another one; Kensa keeps retrying.", byIndex.getMessage());
        CaptureException byPath = assertThrows(CaptureException.class, () -> open("usb:/dev/video7"));
        assertTrue(byPath.getMessage().startsWith("No camera at /dev/video7 (usb:/dev/video7)."), byPath.getMessage());
    }

    @Test
    void deviceThatIsNotACameraIsAClearError() {
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "device paths are checked on Linux");
        // a real device node that V4L2 refuses: the same path as a busy or non-capture device
        CaptureException e = assertThrows(CaptureException.class, () -> open("usb:/dev/null"));
        assertEquals("The camera /dev/null (usb:/dev/null) did not open: another program may be using it, or it is not "
                + "a video capture device. Close other camera programs or choose another source; Kensa keeps retrying.",
                e.getMessage());
    }

    @Test
    void pumpKeepsRetryingAnAbsentCameraWithBackoffAndStops() throws Exception {
        assumeFalse(Files.exists(Path.of("/dev/video7")), "this machine has a /dev/video7");
        PumpEvents events = new PumpEvents();
        FramePump pump = FramePump.start("usb:7", events);
        try {
            int first = events.awaitFrom(0, CaptureEvent.Kind.RECONNECTING, Duration.ofSeconds(10));
            int second = events.awaitFrom(first + 1, CaptureEvent.Kind.RECONNECTING, Duration.ofSeconds(10));
            CaptureEvent event = events.all().get(first);
            assertTrue(event.message().contains("usb:7"), event.message());
            assertEquals(Duration.ofMillis(500), event.retryIn());
            assertEquals(Duration.ofSeconds(1), events.all().get(second).retryIn());
            assertEquals(CaptureEvent.Kind.RECONNECTING, pump.state());
            assertTrue(pump.stats().failures() >= 2);
            assertEquals(0, pump.stats().captured());
            assertTrue(pump.latest().isEmpty());
            assertEquals(false, pump.setReplayFps(5), "a camera has no replay rate");
        } finally {
            assertTimeoutPreemptively(Duration.ofSeconds(3), pump::stop);
        }
        assertEquals(CaptureEvent.Kind.STOPPED, pump.state());
    }

    private static void open(String spec) throws CaptureException {
        try (FrameSource source = FrameSources.create(spec)) {
            source.open();
        }
    }
}
