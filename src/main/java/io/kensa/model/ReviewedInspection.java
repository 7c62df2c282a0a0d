package io.kensa.model;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One decided-on inspection as a supervisor reviews it: the detector's verdict, every decision row (undos
 * included, oldest first) and the explanations those decisions were made with.
 *
 * @param history  every decision row on the inspection, in the order recorded
 * @param answers  the explanations of this inspection, by id
 */
public record ReviewedInspection(InspectionId id, Instant capturedAt, String station, String recipeName,
                                 int recipeVersion, double score, double threshold, List<Decision> history,
                                 Map<ExplanationId, MachineAnswer> answers) {
    public ReviewedInspection {
        history = List.copyOf(history);
        answers = Map.copyOf(answers);
    }

    /**
     * The decision that stands with what the machine said when it was made: the newest accept or override not
     * withdrawn by an undo. Empty when every decision was undone.
     */
    public Optional<ReviewCase> standing() {
        Set<DecisionId> undone = new HashSet<>();
        history.forEach(d -> d.undoes().ifPresent(undone::add));
        for (int i = history.size() - 1; i >= 0; i--) {
            Decision d = history.get(i);
            if (!d.isUndo() && !undone.contains(d.id())) {
                return Optional.of(new ReviewCase(this, d, d.shownExplanation().map(answers::get)));
            }
        }
        return Optional.empty();
    }

    public boolean anomalous() {
        return score > threshold;
    }
}
