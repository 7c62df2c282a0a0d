package io.kensa.store;

import java.util.Optional;

/**
 * The outcome of checking the audit trail.
 *
 * @param checkedCount        events whose link was checked before stopping (all of them when ok)
 * @param firstBrokenEventId  sequence number of the first event that does not check out, empty when ok or when the
 *                            problem is a row with no event at all
 * @param reason              what is wrong, in words ({@code ok} when nothing is)
 * @param headHash            hash of the last event: note it elsewhere to detect a rewrite of the whole chain
 */
public record VerifyResult(boolean ok, long checkedCount, Optional<Long> firstBrokenEventId, String reason,
                           String headHash) {

    static VerifyResult ok(long count, String head) {
        return new VerifyResult(true, count, Optional.empty(), "ok", head);
    }

    static VerifyResult broken(long checked, long eventId, String reason, String head) {
        return new VerifyResult(false, checked, Optional.of(eventId), reason, head);
    }

    static VerifyResult brokenRow(long checked, String reason, String head) {
        return new VerifyResult(false, checked, Optional.empty(), reason, head);
    }
}
