package io.kensa.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdleLockTest {
    private final SettableClock clock = new SettableClock(Instant.parse("2026-03-02T06:00:00Z"));

    @Test
    void locksAfterTheIdleMinutesAndActivityPutsItOff() {
        IdleLock lock = new IdleLock(Duration.ofMinutes(10), clock);
        clock.advance(Duration.ofMinutes(9));
        assertFalse(lock.due());
        lock.activity();
        clock.advance(Duration.ofMinutes(9));
        assertFalse(lock.due());
        clock.advance(Duration.ofMinutes(1));
        assertTrue(lock.due());
    }

    @Test
    void zeroMinutesNeverLocks() {
        IdleLock lock = new IdleLock(Duration.ZERO, clock);
        clock.advance(Duration.ofDays(1));
        assertFalse(lock.due());
    }
}
