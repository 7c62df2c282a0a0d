package io.kensa.auth;

import io.kensa.config.Settings;
import io.kensa.config.SettingsForm;
import java.time.Duration;

/**
 * The station's sign-in settings: {@code accounts.lockout.attempts} failed sign-ins in a row (default 5) lock the
 * account for {@code accounts.lockout.minutes} (default 15); {@code accounts.idleLockMinutes} without a key or mouse
 * event (default 10, 0 = never) lock the screen until someone signs in.
 */
public record AccountRules(int maxFailedAttempts, Duration lockout, Duration idleLock) {
    public static final String LOCKOUT_ATTEMPTS = "accounts.lockout.attempts";
    public static final String LOCKOUT_MINUTES = "accounts.lockout.minutes";
    public static final String IDLE_LOCK_MINUTES = SettingsForm.IDLE_LOCK_MINUTES;

    public AccountRules {
        if (maxFailedAttempts < 1) {
            throw new IllegalArgumentException(LOCKOUT_ATTEMPTS + " is " + maxFailedAttempts + ": set at least 1");
        }
        if (lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException(LOCKOUT_MINUTES + " is " + lockout.toMinutes() + ": set at least 1");
        }
        if (idleLock.isNegative()) {
            throw new IllegalArgumentException(IDLE_LOCK_MINUTES + " is negative: set 0 (never) or more minutes");
        }
    }

    public static AccountRules defaults() {
        return new AccountRules(5, Duration.ofMinutes(15), Duration.ofMinutes(10));
    }

    /** The rules in the station's settings, a missing key taking its default. */
    public static AccountRules from(Settings settings) {
        AccountRules d = defaults();
        return new AccountRules((int) settings.getDouble(LOCKOUT_ATTEMPTS, d.maxFailedAttempts()),
                Duration.ofMinutes((long) settings.getDouble(LOCKOUT_MINUTES, d.lockout().toMinutes())),
                Duration.ofMinutes((long) settings.getDouble(IDLE_LOCK_MINUTES, d.idleLock().toMinutes())));
    }
}
