package io.kensa.review;

import io.kensa.model.Decision;
import io.kensa.model.Operator;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The inspector may undo their own last decision for a short time after making it; later corrections are a
 * supervisor's job. The store records any undo it is asked for; this is the station's policy for offering one.
 */
public record UndoWindow(Duration length) {
    public static final UndoWindow DEFAULT = new UndoWindow(Duration.ofSeconds(10));

    public UndoWindow {
        if (length.isNegative()) {
            throw new IllegalArgumentException("undo window " + length + " is negative");
        }
    }

    /** Whether {@code operator} may undo {@code last} at {@code now}: their own, not an undo, still in the window. */
    public boolean allows(Decision last, Operator operator, Instant now) {
        return !last.isUndo() && last.operator().id().equals(operator.id()) && !remaining(last, now).isZero();
    }

    /** Time left to undo (zero once the window has passed). */
    public Duration remaining(Decision last, Instant now) {
        Duration left = Duration.between(now, last.decidedAt().plus(length));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The decision the undo key would withdraw, if any. */
    public Optional<Decision> undoable(Optional<Decision> last, Operator operator, Instant now) {
        return last.filter(d -> allows(d, operator, now));
    }
}
