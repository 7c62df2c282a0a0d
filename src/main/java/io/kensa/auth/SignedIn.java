package io.kensa.auth;

import io.kensa.model.Operator;
import java.time.Instant;

/**
 * Proof that {@link #operator()} signed in with their password at {@link #at()}: only {@link Accounts} makes one
 * (package-private constructor), so code handed a session knows who is at the station.
 */
public final class SignedIn {
    private final long accountId;
    private final Operator operator;
    private final Instant at;

    SignedIn(long accountId, Operator operator, Instant at) {
        this.accountId = accountId;
        this.operator = operator;
        this.at = at;
    }

    long accountId() {
        return accountId;
    }

    public Operator operator() {
        return operator;
    }

    public Instant at() {
        return at;
    }

    @Override
    public String toString() {
        return operator.label() + " signed in at " + at;
    }
}
