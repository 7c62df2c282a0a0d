package io.kensa.capture;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What a {@link FramePump} tells its listener, on the capture thread (a UI must hand it to its own thread).
 * The pump's state is the kind of its last event other than {@link Kind#WARNING}.
 *
 * @param message a sentence for the inspector: what happened and what to do (for RECONNECTING the failure itself)
 * @param retryIn for RECONNECTING, when the next attempt starts; {@link Duration#ZERO} otherwise
 */
public record CaptureEvent(Kind kind, String source, String message, Duration retryIn, Instant at) {

    public enum Kind {
        /** Opening the source for the first time. */
        CONNECTING,
        /** Frames are flowing. */
        RUNNING,
        /** The source failed or could not be opened; the pump retries by itself after {@link #retryIn()}. */
        RECONNECTING,
        /** Something was skipped but capture goes on (e.g. a corrupt image in a replay folder). */
        WARNING,
        /** {@link FramePump#stop()} finished; no more frames. */
        STOPPED
    }

    /** One line for a status bar or a log: the message, plus when the next attempt comes while reconnecting. */
    public String text() {
        if (kind == Kind.RECONNECTING) {
            return message + String.format(Locale.ROOT, " (next attempt in %.1f s)", retryIn.toMillis() / 1000.0);
        }
        return message;
    }
}
