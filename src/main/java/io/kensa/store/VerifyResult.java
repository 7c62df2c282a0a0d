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
 * @param compared            what was checked besides the chain itself (head log, noted checkpoints, whose MACs),
 *                            one line each
 * @param notes               what a supervisor should know although it is no failure (events from before MACs,
 *                            events of keys accepted unchecked, a head log gap the station recorded), one line each
 */
public record VerifyResult(boolean ok, long checkedCount, Optional<Long> firstBrokenEventId, String reason,
                           long headSeq, String headHash, List<String> compared, List<String> notes) {
    public VerifyResult {
        compared = List.copyOf(compared);
        notes = List.copyOf(notes);
    }

    /** {@code SEQ:HASH} of the head, the form {@code kensa audit verify --expect} takes back. */
    public String head() {
        return headSeq + ":" + headHash;
    }

    static VerifyResult ok(long count, long headSeq, String head, List<String> compared, List<String> notes) {
        return new VerifyResult(true, count, Optional.empty(), "ok", headSeq, head, compared, notes);
    }

    static VerifyResult broken(long checked, long eventId, String reason, long headSeq, String head,
                               List<String> compared, List<String> notes) {
        return new VerifyResult(false, checked, Optional.of(eventId), reason, headSeq, head, compared, notes);
    }

    static VerifyResult brokenRow(long checked, String reason, long headSeq, String head, List<String> compared,
                                  List<String> notes) {
        return new VerifyResult(false, checked, Optional.empty(), reason, headSeq, head, compared, notes);
    }
}
