package io.kensa.inspect;

import io.kensa.model.Decision;
import io.kensa.store.FrameCounts;
import java.util.Optional;

/**
 * What the decision pane shows, at one moment.
 *
 * @param waiting      cases queued behind the current one
 * @param notQueued    anomalous frames that arrived while the queue was full (stored, not presented)
 * @param frames       this station's flagged frames stored and recorded as not stored (from its database)
 * @param lastDecision the last decision made at this desk (undo applies to it while its window is open)
 * @param problem      why nothing is being recorded right now (database unavailable, disk full), empty when fine
 * @param warning      about the last decision: recorded, but not confirmed on disk or not in the head log (deciding
 *                     again would record it twice); empty when fine
 */
public record DeskSnapshot(Optional<Case> current, int waiting, long notQueued, long decided, FrameCounts frames,
                           Optional<Decision> lastDecision, Optional<String> problem, Optional<String> warning) {}
