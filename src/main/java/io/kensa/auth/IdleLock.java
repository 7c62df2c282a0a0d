package io.kensa.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When the station locks itself: after {@code idle} without activity (0 = never). The window reports each key and
 * mouse event ({@link #activity()}) and asks {@link #due()} on a timer; the decision is here so it is tested
 * without a screen.
 */
public final class IdleLock {
    private volatile Duration idle;
    private final Clock clock;
    private volatile Instant lastActivity;

    public IdleLock(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
        this.lastActivity = clock.instant();
    }

    public void activity() {
        lastActivity = clock.instant();
    }

    /** True once the station has been idle for the set time. */
    public boolean due() {
        return !idle.isZero() && !clock.instant().isBefore(lastActivity.plus(idle));
    }

    /** The idle minutes were changed in the settings: they count from the last activity. */
    public void idleAfter(Duration minutes) {
        if (minutes.isNegative()) {
            throw new IllegalArgumentException("the idle lock is " + minutes.toMinutes() + " minutes: set 0 (never) or more");
        }
        idle = minutes;
    }

    public Duration idle() {
        return idle;
    }
}
