package io.kensa.capture.gige;

/**
 * Counters of a {@link GigeVisionSource} since it was created, summed over every stream it opened (a reconnect or
 * a change of format or region starts a new stream; the counts go on).
 *
 * @param delivered        frames handed out by {@code grab()}
 * @param completedBuffers buffers the stream filled completely (Aravis)
 * @param failedBuffers    buffers that arrived broken (missing packets, timeouts, size mismatch) and were dropped
 * @param underruns        frames the camera sent while no buffer was free (the consumer was too slow)
 * @param missingPackets   GigE packets that never arrived (0 for USB3 and the in-process fake)
 * @param resentPackets    GigE packets recovered by a resend request
 * @param bytes            image bytes delivered by {@code grab()}
 */
record StreamStatistics(long delivered, long completedBuffers, long failedBuffers, long underruns,
                               long missingPackets, long resentPackets, long bytes) {
    static final StreamStatistics NONE = new StreamStatistics(0, 0, 0, 0, 0, 0, 0);

    /** The stream counters of both added up; delivered frames and bytes are this one's. */
    StreamStatistics plusStream(StreamStatistics other) {
        return new StreamStatistics(delivered, completedBuffers + other.completedBuffers,
                failedBuffers + other.failedBuffers, underruns + other.underruns,
                missingPackets + other.missingPackets, resentPackets + other.resentPackets, bytes);
    }

    StreamStatistics withDelivered(long frames, long imageBytes) {
        return new StreamStatistics(frames, completedBuffers, failedBuffers, underruns, missingPackets, resentPackets,
                imageBytes);
    }
}
