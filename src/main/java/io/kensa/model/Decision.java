package io.kensa.model;

import io.kensa.model.Severity;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A stored, acknowledged decision. For {@link Action#UNDO} rows, {@code undoes} names the withdrawn decision and
 * class/severity repeat that decision's values so the row reads on its own.
 *
 * @param station  the station the operator decided at
 */
public record Decision(DecisionId id, InspectionId inspectionId, Action action, String finalClass, Severity severity,
                       String comment, Operator operator, String station, Instant decidedAt,
                       Optional<ExplanationId> shownExplanation, Optional<DecisionId> undoes) {

    /**
     * The decision that stands among an inspection's decisions (oldest first): the newest accept or override not
     * withdrawn by an undo. Empty when every decision was undone.
     */
    public static Optional<Decision> standing(List<Decision> history) {
        Set<DecisionId> undone = new HashSet<>();
        history.forEach(d -> d.undoes().ifPresent(undone::add));
        for (int i = history.size() - 1; i >= 0; i--) {
            Decision d = history.get(i);
            if (!d.isUndo() && !undone.contains(d.id())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    public boolean isUndo() {
        return action == Action.UNDO;
    }
}
