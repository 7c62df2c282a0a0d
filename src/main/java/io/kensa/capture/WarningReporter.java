package io.kensa.capture;

import java.util.function.Consumer;

/**
 * A {@link FrameSource} that can report problems it skips without failing (a corrupt replay image, a camera mode
 * it could not set). {@link FramePump} passes such messages on as {@link CaptureEvent.Kind#WARNING} events.
 */
public interface WarningReporter {
    /** Where to send warnings from now on; called before {@link FrameSource#open()}. */
    void onWarning(Consumer<String> sink);
}
