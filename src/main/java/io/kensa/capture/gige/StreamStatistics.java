package io.kensa.capture.gige;

/**
 * Counters of one open stream, since {@code open()}.
 *
 * @param delivered        frames handed out by {@code grab()}
 * @param completedBuffers buffers the stream filled completely (Aravis)
 * @param failedBuffers    buffers that arrived broken (missing packets, timeouts, size mismatch) and were dropped
 * @param underruns        frames the camera sent while no buffer was free (the consumer was too slow)
 * @param missingPackets   GigE packets that never arrived (0 for USB3 and the in-process fake)
 * @param resentPackets    GigE packets recovered by a resend request
 * @param bytes            image bytes delivered by {@code grab()}
 */
public record StreamStatistics(long delivered, long completedBuffers, long failedBuffers, long underruns,
                               long missingPackets, long resentPackets, long bytes) {
    static final StreamStatistics NONE = new StreamStatistics(0, 0, 0, 0, 0, 0, 0);
}
