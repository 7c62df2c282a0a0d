package io.kensa.model;

import io.kensa.model.Severity;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored, acknowledged decision. For {@link Action#UNDO} rows, {@code undoes} names the withdrawn decision and
 * class/severity repeat that decision's values so the row reads on its own.
 *
 * @param station  the station the operator decided at
 */
public record Decision(DecisionId id, InspectionId inspectionId, Action action, String finalClass, Severity severity,
                       String comment, Operator operator, String station, Instant decidedAt,
                       Optional<ExplanationId> shownExplanation, Optional<DecisionId> undoes) {

    public boolean isUndo() {
        return action == Action.UNDO;
    }
}
