package io.kensa.util;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/** Clocks that tell a time someone else moves: a generated log's, a test's. */
public final class Clocks {
    private Clocks() {}

    /** A UTC clock that reads {@code now} whenever it is asked. */
    public static Clock following(Supplier<Instant> now) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }
}
