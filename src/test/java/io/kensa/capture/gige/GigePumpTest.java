package io.kensa.capture.gige;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.capture.CaptureEvent;
import io.kensa.capture.CaptureStats;
import io.kensa.capture.Frame;
import io.kensa.capture.FramePump;
import io.kensa.capture.FrameSlot;
import io.kensa.capture.PumpEvents;
import io.kensa.capture.StatsProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GigE cameras the way the window uses them: through a {@link FramePump}, whose stats() the status bar calls on
 * the UI thread while the capture thread waits for a slow or dead camera. Cameras are Aravis' in-process
 * {@code Fake_1} and {@code arv-fake-gv-camera-0.8} opened by the address 127.0.0.1 (no discovery, no traffic
 * beyond loopback).
 */
class GigePumpTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void aravis() {
        AravisInstall.require();
    }

    @Test
    void statsDoNotWaitForASlowCamera() throws Exception {
        PumpEvents events = new PumpEvents();
        FramePump pump = FramePump.start(GigeVisionSource.fromSpec("gige://Fake_1?width=64&height=64&fps=1"), events);
        try (StatsProbe probe = new StatsProbe(pump)) {
            events.await(CaptureEvent.Kind.RUNNING, Duration.ofSeconds(10));
            // at 1 fps the capture thread spends nearly all the time until the next frames inside grab()
            StatsProbe.awaitStats(pump, stats -> stats.captured() >= 3, "three frames captured");
            probe.close();
            assertTrue(probe.slowest().toMillis() < 500, probe.toString());
            assertTrue(probe.calls() > 10, probe.toString());
            CaptureStats stats = pump.stats();
            assertTrue(stats.captured() >= 1, stats.toString());
            assertTrue(stats.sourceCounters().get("completed buffers") >= stats.captured(), stats.toString());
        } finally {
            pump.stop();
        }
    }

    @Test
    void cameraWarningsBecomeWarningEvents() throws Exception {
        PumpEvents events = new PumpEvents();
        FramePump pump = FramePump.start(GigeVisionSource.fromSpec("gige://Fake_1?pixelFormat=Mono12&width=4096&fps=50"), events);
        try (FrameSlot view = pump.subscribe("view")) {
            events.await(CaptureEvent.Kind.RUNNING, Duration.ofSeconds(10));
            String warnings = events.all().stream().filter(e -> e.kind() == CaptureEvent.Kind.WARNING)
                    .map(CaptureEvent::message).toList().toString();
            assertTrue(warnings.contains("Camera 'Fake_1' has no pixel format Mono12"), warnings);
            assertTrue(warnings.contains("width=4096") && warnings.contains("using 2048"), warnings);
            assertEquals(2048, view.take(Duration.ofSeconds(5)).orElseThrow().width());
            assertEquals(CaptureEvent.Kind.RUNNING, pump.state(), "a warning does not change the state");
        } finally {
            pump.stop();
        }
    }

    @Test
    void killedCameraReconnectsThroughThePumpWhenItIsBack() throws Exception {
        try (FakeGvCamera camera = FakeGvCamera.start(tmp.resolve("fake.log"))) {
            PumpEvents events = new PumpEvents();
            FramePump pump = FramePump.start(GigeVisionSource.fromSpec("gige://127.0.0.1?width=256&height=256&fps=50"), events);
            try (FrameSlot view = pump.subscribe("view"); StatsProbe probe = new StatsProbe(pump)) {
                int running = events.awaitFrom(0, CaptureEvent.Kind.RUNNING, Duration.ofSeconds(10));
                while (pump.stats().captured() < 40) {
                    assertTrue(view.take(Duration.ofSeconds(5)).isPresent(), "frames before the kill");
                }

                camera.kill(); // the cable is pulled
                int lost = events.awaitFrom(running, CaptureEvent.Kind.RECONNECTING, Duration.ofSeconds(15));
                view.poll(); // the last frame from before the kill
                assertTrue(events.all().get(lost).message().contains("127.0.0.1"), events.all().get(lost).message());
                // the dead session says goodbye on its own thread; meanwhile the pump's attempts say so, each on time
                int closing = events.awaitFrom(lost + 1, e -> e.kind() == CaptureEvent.Kind.RECONNECTING
                        && e.message().contains("still closing the old connection"), Duration.ofSeconds(15), "still closing");
                assertTrue(events.all().subList(running + 1, closing).stream()
                        .noneMatch(e -> e.kind() == CaptureEvent.Kind.RUNNING), events.all().toString());

                camera.restart(); // the camera is back
                int back = events.awaitFrom(closing, CaptureEvent.Kind.RUNNING, Duration.ofSeconds(30));
                Instant backAt = events.all().get(back).at();
                for (int i = 0; i < 5; i++) {
                    Frame frame = view.take(Duration.ofSeconds(5)).orElseThrow(() -> new AssertionError("no frames after the reconnect"));
                    assertFalse(frame.capturedAt().isBefore(backAt.minusMillis(100)), "a frame from before the kill");
                    assertEquals(256, frame.width());
                }
                probe.close();
                // the status bar read stats() all along: neither the dead grab nor the reconnect held it up
                assertTrue(probe.slowest().toMillis() < 500, probe.toString());

                CaptureStats stats = pump.stats();
                assertEquals(CaptureEvent.Kind.RUNNING, stats.state());
                assertTrue(stats.reconnects() >= 1, stats.toString());
                // the camera's counters go on across the reconnect, like the pump's own count of frames
                assertTrue(stats.sourceCounters().get("completed buffers") >= stats.captured(), stats.toString());
            } finally {
                pump.stop();
            }
        }
    }
}
