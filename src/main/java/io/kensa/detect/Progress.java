package io.kensa.detect;

/** Receives progress of long work (training, evaluation): fraction in [0,1] and what is happening. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (fraction, message) -> { };

    void update(double fraction, String message);

    /** This progress mapped onto the sub-range [from, to] of a larger task. */
    default Progress range(double from, double to) {
        return (fraction, message) -> update(from + (to - from) * Math.max(0, Math.min(1, fraction)), message);
    }
}
