package io.kensa.cli;

import io.kensa.capture.CaptureEvent;
import io.kensa.capture.CaptureException;
import io.kensa.capture.CaptureStats;
import io.kensa.capture.Frame;
import io.kensa.capture.FramePump;
import io.kensa.capture.FrameScaling;
import io.kensa.capture.FrameSlot;
import io.kensa.config.ShippedResources;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kensa bench capture}: how fast a source delivers frames and how fast a live-view consumer can take them.
 * The "display" consumer does the live view's per-frame work short of JavaFX: scale to fit a 1280×800 view
 * (keeping the aspect ratio) into an INT_ARGB image.
 */
@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Measure capture FPS, display FPS, dropped frames and MB/s of a frame source.")
final class CaptureBenchCommand implements Callable<Integer> {
    private static final int VIEW_WIDTH = 1280;
    private static final int VIEW_HEIGHT = 800;
    private static final Duration WARM_UP = Duration.ofSeconds(1);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    @Option(names = "--source", paramLabel = "SPEC",
            description = "Source to measure (folder:PATH, video:PATH, usb:INDEX, …). "
                    + "Default: the demo replay of resources/demo/bottle/test, unthrottled and at its normal rate.")
    private Optional<String> source = Optional.empty();

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "5",
            description = "Measuring time per source after a 1 s warm-up (default ${DEFAULT-VALUE}).")
    private double seconds;

    @Override
    public Integer call() throws CaptureException, InterruptedException {
        if (!(seconds > 0)) {
            throw new CaptureException("--seconds must be above 0, not " + seconds + ".");
        }
        String demo = "folder:" + ShippedResources.demoBottle().resolve("test") + "?recursive=true";
        List<String> specs = source.map(List::of).orElse(List.of(demo + "&fps=0", demo));
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "Capture benchmark: %.1f s per source after %d s warm-up; display = fit into %d×%d INT_ARGB%n",
                seconds, WARM_UP.toSeconds(), VIEW_WIDTH, VIEW_HEIGHT);
        for (String spec : specs) {
            measure(spec, out);
        }
        return 0;
    }

    private void measure(String spec, PrintStream out) throws CaptureException, InterruptedException {
        AtomicReference<CaptureEvent> lastProblem = new AtomicReference<>();
        FramePump pump = FramePump.start(spec, event -> {
            if (event.kind() != CaptureEvent.Kind.RUNNING && event.kind() != CaptureEvent.Kind.CONNECTING) {
                lastProblem.set(event);
            }
            System.err.println("  " + event.kind() + ": " + event.text());
        });
        FrameSlot view = pump.subscribe("display");
        AtomicReference<String> viewSize = new AtomicReference<>("-");
        AtomicReference<Frame> lastFrame = new AtomicReference<>();
        Thread display = new Thread(() -> {
            try {
                while (!view.isClosed()) {
                    view.take(Duration.ofMillis(200)).ifPresent(frame -> {
                        var image = FrameScaling.fitInto(frame.image(), VIEW_WIDTH, VIEW_HEIGHT);
                        viewSize.set(image.getWidth() + "×" + image.getHeight());
                        lastFrame.set(frame);
                    });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "kensa-bench-display");
        display.start();
        try {
            awaitRunning(pump, lastProblem);
            System.err.printf(Locale.ROOT, "  measuring %s for %.1f s …%n", spec, seconds);
            Thread.sleep(WARM_UP.toMillis());
            CaptureStats before = pump.stats();
            long start = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            CaptureStats after = pump.stats();
            double elapsed = (System.nanoTime() - start) / 1e9;
            report(spec, before, after, elapsed, lastFrame.get(), viewSize.get(), out);
        } finally {
            pump.stop();
            display.join(2000);
        }
    }

    private static void awaitRunning(FramePump pump, AtomicReference<CaptureEvent> lastProblem)
            throws CaptureException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (pump.latest().isEmpty()) {
            if (System.nanoTime() > deadline) {
                CaptureEvent problem = lastProblem.get();
                throw new CaptureException("No frames from " + pump.source() + " within " + START_TIMEOUT.toSeconds()
                        + " s" + (problem == null ? "." : ": " + problem.message()));
            }
            Thread.sleep(20);
        }
    }

    private static void report(String spec, CaptureStats before, CaptureStats after, double elapsed, Frame frame,
                               String viewSize, PrintStream out) {
        CaptureStats.Consumer d0 = display(before);
        CaptureStats.Consumer d1 = display(after);
        long captured = after.captured() - before.captured();
        long delivered = d1.delivered() - d0.delivered();
        long dropped = d1.dropped() - d0.dropped();
        double megabytes = (after.capturedBytes() - before.capturedBytes()) / 1e6;
        out.println();
        out.println("source    " + spec);
        out.printf(Locale.ROOT, "frames    %s, last %s%n",
                frame == null ? "none" : frame.width() + "×" + frame.height(), frame == null ? "-" : frame.origin());
        out.printf(Locale.ROOT, "capture   %8.1f fps  %8.1f MB/s  (%d frames in %.2f s)%n",
                captured / elapsed, megabytes / elapsed, captured, elapsed);
        out.printf(Locale.ROOT, "display   %8.1f fps  (%d frames scaled to %s INT_ARGB)%n",
                delivered / elapsed, delivered, viewSize);
        out.printf(Locale.ROOT, "dropped   %8d frames for the display consumer (%.1f %% of captured)%n",
                dropped, captured == 0 ? 0 : 100.0 * dropped / captured);
        out.printf(Locale.ROOT, "failures  %8d  reconnects %d%n", after.failures(), after.reconnects());
        after.sourceCounters().forEach((name, value) -> out.printf(Locale.ROOT, "source    %8d %s%n",
                value - before.sourceCounters().getOrDefault(name, 0L), name));
    }

    private static CaptureStats.Consumer display(CaptureStats stats) {
        return stats.consumers().stream().filter(c -> c.name().equals("display")).findFirst()
                .orElse(new CaptureStats.Consumer("display", 0, 0, 0));
    }
}
