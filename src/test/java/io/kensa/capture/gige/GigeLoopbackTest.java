package io.kensa.capture.gige;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.capture.CaptureException;
import io.kensa.capture.Frame;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real GigE Vision path (GVCP control + GVSP stream over UDP) against {@code arv-fake-gv-camera-0.8} on
 * 127.0.0.1. Cameras are opened by address only: that contacts 127.0.0.1 directly and never runs a discovery
 * broadcast (no traffic leaves loopback).
 */
class GigeLoopbackTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void aravis() {
        AravisInstall.require();
    }

    @Test
    void streamsFramesOfTheRequestedSizeOverLoopback() throws Exception {
        try (FakeGvCamera camera = FakeGvCamera.start(tmp.resolve("fake.log"));
             GigeVisionSource source = GigeVisionSource.fromSpec("gige://127.0.0.1?width=640&height=480&pixelFormat=Mono8&fps=100")) {
            source.open();
            for (int i = 0; i < 20; i++) {
                Frame frame = source.grab();
                assertEquals(640, frame.width());
                assertEquals(480, frame.height());
                assertEquals(BufferedImage.TYPE_BYTE_GRAY, frame.image().getType());
            }
            assertEquals("Aravis", source.features().vendor());
            StreamStatistics stats = source.statistics();
            assertEquals(20, stats.delivered());
            assertTrue(stats.completedBuffers() >= 20, stats.toString());
        }
    }

    @Test
    void countsLostPacketsAndStillDeliversWholeFrames() throws Exception {
        // the simulator drops 0.5% of its stream packets (and does not resend them): about half the frames break
        try (FakeGvCamera camera = FakeGvCamera.start(tmp.resolve("fake.log"), "-r", "5");
             GigeVisionSource source = GigeVisionSource.fromSpec("gige://127.0.0.1?fps=50")) {
            source.open();
            for (int i = 0; i < 25; i++) {
                assertEquals(512, source.grab().width());
            }
            StreamStatistics stats = source.statistics();
            assertTrue(stats.missingPackets() > 0, stats.toString());
            assertTrue(stats.failedBuffers() > 0, stats.toString());
            assertEquals(25, stats.delivered());
        }
    }

    @Test
    void killedCameraFailsTheGrabClearlyAndReopensWhenItIsBack() throws Exception {
        try (FakeGvCamera camera = FakeGvCamera.start(tmp.resolve("fake.log"));
             GigeVisionSource source = GigeVisionSource.fromSpec("gige://127.0.0.1?fps=50&timeoutMs=1500")) {
            source.open();
            source.grab();
            source.grab();

            camera.kill();
            GrabFailure failure = grabUntilItFails(source);
            CaptureException e = failure.error();
            long waitedMillis = failure.waitedMillis();
            assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
            assertTrue(e.getMessage().contains("disconnected") || e.getMessage().contains("stopped answering"), e.getMessage());
            assertTrue(waitedMillis < 10_000, "noticed the dead camera after " + waitedMillis + " ms");

            // what the frame pump does: close, then open by the same address once the camera is back
            long closeStart = System.nanoTime();
            source.close();
            assertTrue((System.nanoTime() - closeStart) / 1_000_000 < 5_000, "close must not hang on a dead camera");
            camera.restart();
            reopen(source);
            Frame frame = source.grab();
            assertEquals(1, frame.sequence());
            assertEquals(512, frame.width());
        }
    }

    @Test
    void lostControlFailsTheGrabBeforeTheFrameTimeoutAndReopens() throws Exception {
        // the frame timeout is a minute away: what ends the grab is Aravis' heartbeat giving up (about 5 s of
        // unanswered GVCP reads), polled while the grab waits. Aravis' heartbeat thread is also where the old
        // "control-lost" signal handler made the device finalize itself and abort the JVM (SIGTRAP).
        try (FakeGvCamera camera = FakeGvCamera.start(tmp.resolve("fake.log"));
             GigeVisionSource source = GigeVisionSource.fromSpec("gige://127.0.0.1?fps=50&timeoutMs=60000")) {
            source.open();
            source.grab();

            camera.kill();
            GrabFailure failure = grabUntilItFails(source);
            CaptureException e = failure.error();
            long waitedMillis = failure.waitedMillis();
            assertTrue(e.getMessage().startsWith("Lost control of GigE camera '127.0.0.1'"), e.getMessage());
            assertTrue(waitedMillis < 20_000, "noticed the lost control after " + waitedMillis + " ms");

            source.close();
            camera.restart();
            reopen(source);
            assertEquals(512, source.grab().width());
        }
    }

    @Test
    void unreachableAddressFailsWithinBoundedTime() throws CaptureException {
        // 127.0.0.9 is loopback with nothing listening: a clear "cannot connect" without any traffic leaving the host
        try (GigeVisionSource source = GigeVisionSource.fromSpec("gige://127.0.0.9")) {
            long start = System.nanoTime();
            CaptureException e = assertThrows(CaptureException.class, source::open);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(e.getMessage().startsWith("Cannot open GigE Vision camera '127.0.0.9'"), e.getMessage());
            assertTrue(e.getMessage().contains("Check the address"), e.getMessage());
            assertTrue(millis < 10_000, "took " + millis + " ms");
        }
    }

    /**
     * What the frame pump does after a failure: open again, and again while the dead session is still saying
     * goodbye (open() waits only 2 s for that, then says so).
     */
    private static void reopen(GigeVisionSource source) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                source.open();
                return;
            } catch (CaptureException e) {
                if (!e.getMessage().contains("still closing the old connection") || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private record GrabFailure(CaptureException error, long waitedMillis) {}

    /** Grabs from a camera that was just killed until the source reports it, and how long that took. */
    private static GrabFailure grabUntilItFails(GigeVisionSource source) {
        long start = System.nanoTime();
        CaptureException e = assertThrows(CaptureException.class, () -> {
            for (int i = 0; i < 1000; i++) {
                source.grab();
            }
        });
        return new GrabFailure(e, (System.nanoTime() - start) / 1_000_000);
    }
}
