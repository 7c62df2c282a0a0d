package io.kensa.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        return Decision.standing(history).map(d -> new ReviewCase(this, d, d.shownExplanation().map(answers::get)));
    }

    public boolean anomalous() {
        return score > threshold;
    }
}
