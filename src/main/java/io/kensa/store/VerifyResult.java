package io.kensa.store;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of checking the audit trail.
 *
 * @param checkedCount        events whose link was checked before stopping (all of them when ok)
 * @param firstBrokenEventId  sequence number of the first event that does not check out, empty when ok or when the
 *                            problem is a row with no event at all
 * @param reason              what is wrong, in words ({@code ok} when nothing is)
 * @param headSeq             number of the last event according to the database's head row
 * @param headHash            hash of that event: note {@link #head()} elsewhere to detect a rewrite of the whole chain
 * @param compared            what was checked besides the chain itself (head log, noted checkpoints), one line each
 */
public record VerifyResult(boolean ok, long checkedCount, Optional<Long> firstBrokenEventId, String reason,
                           long headSeq, String headHash, List<String> compared) {
    public VerifyResult {
        compared = List.copyOf(compared);
    }

    /** {@code SEQ:HASH} of the head, the form {@code kensa audit verify --expect} takes back. */
    public String head() {
        return headSeq + ":" + headHash;
    }

    static VerifyResult ok(long count, long headSeq, String head, List<String> compared) {
        return new VerifyResult(true, count, Optional.empty(), "ok", headSeq, head, compared);
    }

    static VerifyResult broken(long checked, long eventId, String reason, long headSeq, String head,
                               List<String> compared) {
        return new VerifyResult(false, checked, Optional.of(eventId), reason, headSeq, head, compared);
    }

    static VerifyResult brokenRow(long checked, String reason, long headSeq, String head, List<String> compared) {
        return new VerifyResult(false, checked, Optional.empty(), reason, headSeq, head, compared);
    }
}
