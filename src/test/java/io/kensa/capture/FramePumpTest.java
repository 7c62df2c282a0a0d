package io.kensa.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.kensa.capture.StatsProbe.awaitStats;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FramePumpTest {
    @TempDir
    Path dir;

    @Test
    void slowConsumerGetsTheNewestFrameAndDropsTheRest() throws Exception {
        Path folder = dir.resolve("line");
        DemoImages.copyAs(folder, "1.png", "2.png", "3.png", "4.png");
        PumpEvents events = new PumpEvents();
        FramePump pump = FramePump.start("folder:" + folder + "?fps=0", events);
        FrameSlot slow = pump.subscribe("slow");
        FrameSlot fast = pump.subscribe("fast");
        Thread fastConsumer = new Thread(() -> {
            try {
                while (fast.take(Duration.ofSeconds(5)).isPresent()) {
                    // takes every frame it can
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fast consumer");
        fastConsumer.start();
        try {
            events.await(CaptureEvent.Kind.RUNNING, Duration.ofSeconds(10));
            for (int i = 0; i < 5; i++) {
                Thread.sleep(100); // the slow consumer's "work"
                long newestSeen = pump.latest().orElseThrow().sequence();
                Frame got = slow.take(Duration.ofSeconds(5)).orElseThrow();
                // latest frame wins: what it gets is at least as new as the newest frame published before it asked
                assertTrue(got.sequence() >= newestSeen, got.sequence() + " older than " + newestSeen);
            }
        } finally {
            pump.stop();
            fastConsumer.join(5000);
        }
        CaptureStats stats = pump.stats();
        CaptureStats.Consumer slowStats = stats.consumers().stream().filter(c -> c.name().equals("slow")).findFirst().orElseThrow();
        CaptureStats.Consumer fastStats = stats.consumers().stream().filter(c -> c.name().equals("fast")).findFirst().orElseThrow();
        assertEquals(5, slowStats.delivered());
        assertTrue(slowStats.dropped() > 0, "capture went on while the slow consumer worked: " + slowStats);
        // nothing queues: each frame offered was taken, dropped, or is the one frame still waiting
        long leftInSlot = slow.poll().isPresent() ? 1 : 0;
        long offeredToSlow = slowStats.delivered() + slowStats.dropped() + leftInSlot;
        assertTrue(offeredToSlow <= stats.captured(), offeredToSlow + " > " + stats.captured());
        assertTrue(fastStats.delivered() > slowStats.delivered(), "fast " + fastStats + " vs slow " + slowStats);
        assertTrue(stats.capturedBytes() >= stats.captured() * 320L * 320 * 3);
        assertEquals(CaptureEvent.Kind.STOPPED, pump.state());
        assertEquals(CaptureEvent.Kind.STOPPED, events.all().get(events.all().size() - 1).kind());
    }

    @Test
    void replayFolderMovedAwayAndBackResumesWithoutRestart() throws Exception {
        Path folder = dir.resolve("replay");
        Path aside = dir.resolve("aside");
        DemoImages.copyAs(folder, "1.png", "2.png");
        PumpEvents events = new PumpEvents();
        FramePump pump = FramePump.start("folder:" + folder + "?fps=50", events);
        try (FrameSlot slot = pump.subscribe("view")) {
            int running = events.awaitFrom(0, CaptureEvent.Kind.RUNNING, Duration.ofSeconds(10));
            assertTrue(slot.take(Duration.ofSeconds(5)).isPresent());

            Files.move(folder, aside);
            int reconnecting = events.awaitFrom(running, CaptureEvent.Kind.RECONNECTING, Duration.ofSeconds(10));
            CaptureEvent failure = events.all().get(reconnecting);
            assertTrue(failure.message().contains("replay folder " + folder), failure.message());
            assertTrue(failure.message().contains("Kensa keeps retrying"), failure.message());
            assertEquals(FramePump.FIRST_RETRY, failure.retryIn());
            assertTrue(failure.text().endsWith("(next attempt in 0.5 s)"), failure.text());
            assertEquals(CaptureEvent.Kind.RECONNECTING, pump.state());
            awaitStats(pump, stats -> stats.failures() >= 2, "at least one more failed attempt while it is away");

            Files.move(aside, folder);
            int back = events.awaitFrom(reconnecting, CaptureEvent.Kind.RUNNING, Duration.ofSeconds(15));
            assertTrue(events.all().get(back).message().startsWith("Capturing again from folder:"));
            slot.poll(); // whatever was left from before the move
            Frame fresh = slot.take(Duration.ofSeconds(5)).orElseThrow();
            assertTrue(fresh.origin().endsWith(".png"));
            assertEquals(1, pump.stats().reconnects());
            assertEquals(CaptureEvent.Kind.RUNNING, pump.state());
        } finally {
            pump.stop();
        }
    }

    @Test
    void aLateSubscriberStartsFromTheCurrentFrame() throws Exception {
        DemoImages.copyAs(dir, "1.png");
        FramePump slowReplay = FramePump.start("folder:" + dir + "?fps=0.1", new PumpEvents()); // 10 s between frames
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (slowReplay.latest().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Frame current = slowReplay.latest().orElseThrow();
            FrameSlot late = slowReplay.subscribe("late");
            assertEquals(current.sequence(), late.poll().orElseThrow().sequence(),
                    "subscribed after the first frame, it gets that frame now rather than 10 s later");
            assertEquals(Optional.empty(), late.poll(), "and only once");
        } finally {
            slowReplay.stop();
        }
    }

    @Test
    void stopIsPromptDuringLongWaits() throws Exception {
        DemoImages.copyAs(dir, "1.png");
        PumpEvents events = new PumpEvents();
        FramePump slowReplay = FramePump.start("folder:" + dir + "?fps=0.1", events); // 10 s between frames
        FrameSlot slot = slowReplay.subscribe("view");
        assertTrue(slot.take(Duration.ofSeconds(5)).isPresent());
        Thread waiter = new Thread(() -> {
            try {
                slot.take(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "waiting consumer");
        waiter.start();
        assertTimeoutPreemptively(Duration.ofSeconds(3), slowReplay::stop);
        waiter.join(3000);
        assertFalse(waiter.isAlive(), "a consumer waiting in take() returns when the pump stops");
        assertTrue(slot.isClosed());
        assertEquals(Optional.empty(), slot.take(Duration.ofSeconds(10)));
        events.await(CaptureEvent.Kind.STOPPED, Duration.ofSeconds(1));

        PumpEvents retrying = new PumpEvents();
        FramePump missing = FramePump.start("folder:" + dir.resolve("absent"), retrying);
        retrying.await(CaptureEvent.Kind.RECONNECTING, Duration.ofSeconds(5));
        assertTimeoutPreemptively(Duration.ofSeconds(3), missing::stop); // interrupts the backoff wait
        assertEquals(CaptureEvent.Kind.STOPPED, missing.state());
    }

    @Test
    void replayRateChangesWhileRunning() throws Exception {
        DemoImages.copyAs(dir, "1.png", "2.png");
        FramePump pump = FramePump.start("folder:" + dir + "?fps=0.2", new PumpEvents());
        try (FrameSlot slot = pump.subscribe("view")) {
            assertEquals(0.2, pump.replayFps().orElseThrow());
            assertTrue(slot.take(Duration.ofSeconds(5)).isPresent());
            assertTrue(pump.setReplayFps(0));
            // at 0.2 fps these would take 100 s; after the change they come as fast as the images decode
            for (int i = 0; i < 20; i++) {
                assertTrue(slot.take(Duration.ofSeconds(5)).isPresent(), "frame " + i);
            }
            assertEquals(0.0, pump.replayFps().orElseThrow());
        } finally {
            pump.stop();
        }
    }

    @Test
    void statsCountCapturedFramesAndRate() throws Exception {
        DemoImages.copyAs(dir, "1.png", "2.png");
        FramePump pump = FramePump.start("folder:" + dir + "?fps=0", new PumpEvents());
        try (FrameSlot slot = pump.subscribe("display")) {
            for (int i = 0; i < 30; i++) {
                slot.take(Duration.ofSeconds(5)).orElseThrow();
            }
            CaptureStats stats = pump.stats();
            assertTrue(stats.captured() >= 30);
            assertTrue(stats.captureFps() > 0);
            assertEquals("folder:" + dir + "?fps=0", stats.source());
            assertEquals(CaptureEvent.Kind.RUNNING, stats.state());
            assertEquals(30, stats.consumers().get(0).delivered());
            assertTrue(stats.consumers().get(0).fps() > 0);
        } finally {
            pump.stop();
        }
        assertTrue(pump.stats().consumers().isEmpty(), "a closed slot is no longer a consumer");
    }

    @Test
    void statsNeverWaitForTheSource() throws Exception {
        PumpEvents events = new PumpEvents();
        FramePump pump = FramePump.start(new OneFramePerSecond(), events);
        try (StatsProbe probe = new StatsProbe(pump)) {
            events.await(CaptureEvent.Kind.RUNNING, Duration.ofSeconds(10));
            awaitStats(pump, stats -> stats.captured() >= 2, "two frames captured");
            // two more grabs, each holding the source's lock for about 1 s, while the probe keeps asking
            awaitStats(pump, stats -> stats.captured() >= 4, "two more frames captured");
            probe.close();
            // the source holds its lock for about 1 s per grab: a stats() that asked it would wait that long
            assertTrue(probe.slowest().toMillis() < 500, probe.toString());
            assertTrue(probe.calls() > 10, probe.toString());
            CaptureStats stats = pump.stats();
            assertTrue(stats.captured() >= 2, stats.toString());
            // the counters the capture thread read after the last frame
            assertTrue(stats.sourceCounters().get("grabs") >= stats.captured(), stats.toString());
        } finally {
            pump.stop();
        }
    }

    /**
     * A camera driver that serialises everything on one lock and holds it while it waits about 1 s for each frame,
     * counters included (as the GigE source once did). Its counters are only safe to read between grabs.
     */
    private static final class OneFramePerSecond implements FrameSource {
        private long grabs;

        @Override
        public String spec() {
            return "slow:camera";
        }

        @Override
        public synchronized void open() {
            // nothing to open
        }

        @Override
        public synchronized Frame grab() throws CaptureException {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CaptureException("stopped");
            }
            grabs++;
            return new Frame(grabs, Instant.now(), spec(), "#" + grabs, new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY));
        }

        @Override
        public synchronized Map<String, Long> counters() {
            return Map.of("grabs", grabs);
        }

        @Override
        public void close() {
            // nothing to release
        }
    }
}
