package io.kensa.auth;

import io.kensa.model.Operator;
import java.time.Instant;

/**
 * A recorded electronic signature: {@link #signer()} re-entered their password at {@link #at()} to sign
 * {@link #subject()} with {@link #meaning()}; stored with its {@code signature.recorded} audit event. Only
 * {@link Accounts#sign} makes one, so a service handed a signature knows the password was checked.
 */
public final class Signature {
    private final long id;
    private final Operator signer;
    private final String meaning;
    private final String subject;
    private final Instant at;

    Signature(long id, Operator signer, String meaning, String subject, Instant at) {
        this.id = id;
        this.signer = signer;
        this.meaning = meaning;
        this.subject = subject;
        this.at = at;
    }

    public long id() {
        return id;
    }

    public Operator signer() {
        return signer;
    }

    public String meaning() {
        return meaning;
    }

    public String subject() {
        return subject;
    }

    public Instant at() {
        return at;
    }

    @Override
    public String toString() {
        return signer.label() + " signed '" + subject + "' (" + meaning + ") at " + at;
    }
}
