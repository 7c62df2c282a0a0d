package io.kensa.capture;

import java.awt.image.BufferedImage;
import java.time.Instant;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the built-in sources share: their spec, frame numbering across reopens, and a warning channel to the pump. */
abstract class BaseSource implements FrameSource, WarningReporter {
    private static final Logger LOG = LoggerFactory.getLogger(BaseSource.class);

    final SourceSpec spec;
    private long sequence;
    private volatile Consumer<String> warnings = message -> { };

    BaseSource(SourceSpec spec) {
        this.spec = spec;
    }

    @Override
    public final String spec() {
        return spec.text();
    }

    /** Where warnings go besides the log (the pump turns them into WARNING events). */
    @Override
    public final void onWarning(Consumer<String> sink) {
        warnings = sink;
    }

    final void warn(String message) {
        LOG.warn(message);
        warnings.accept(message);
    }

    /** Numbers frames from 1 over the source's whole life, so a reopen does not restart the count. */
    final Frame frame(String origin, BufferedImage image) {
        return new Frame(++sequence, Instant.now(), spec.text(), origin, image);
    }

    /** A grab interrupted by {@link FramePump#stop()}: keeps the interrupt visible to the capture loop. */
    final CaptureException interrupted() {
        Thread.currentThread().interrupt();
        return new CaptureException("Capture from " + spec.text() + " was stopped.");
    }
}
