package io.kensa.capture.gige;

import io.kensa.capture.CaptureException;
import java.util.Locale;

/**
 * Test-only throughput harness until {@code kensa bench capture} exists: opens a gige:// spec, warms up for a
 * second, then loops {@code grab()} for the given seconds and prints frames/s, MB/s and the stream counters.
 * Usage: {@code GigeBench SPEC [SECONDS]}.
 */
final class GigeBench {
    private GigeBench() {}

    public static void main(String[] args) throws CaptureException {
        String spec = args[0];
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 10;
        try (GigeVisionSource source = GigeVisionSource.fromSpec(spec)) {
            source.open();
            long warmUpEnd = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < warmUpEnd) {
                source.grab();
            }
            StreamStatistics before = source.statistics();
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            int width = 0;
            int height = 0;
            while (System.nanoTime() < end) {
                var frame = source.grab();
                width = frame.width();
                height = frame.height();
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            StreamStatistics after = source.statistics();
            long frames = after.delivered() - before.delivered();
            System.out.printf(Locale.ROOT, "%s %dx%d: %.1f frames/s, %.1f MB/s, %d frames in %.1f s, failed buffers %d, "
                            + "underruns %d, missing packets %d, resent packets %d%n",
                    spec, width, height, frames / elapsed, (after.bytes() - before.bytes()) / elapsed / 1e6, frames, elapsed,
                    after.failedBuffers() - before.failedBuffers(), after.underruns() - before.underruns(),
                    after.missingPackets() - before.missingPackets(), after.resentPackets() - before.resentPackets());
        }
    }
}
