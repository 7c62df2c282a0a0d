package io.kensa.review;

import io.kensa.model.Action;
import io.kensa.model.Decision;
import io.kensa.model.DecisionId;
import io.kensa.model.ExplanationId;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.InspectionId;
import io.kensa.model.MachineAnswer;
import io.kensa.model.Operator;
import io.kensa.model.ReviewCase;
import io.kensa.model.ReviewedInspection;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Standing decisions built by hand, for figures computed by hand. */
final class ReviewCases {
    static final Operator ANN = new Operator("a1", "Ann", Role.INSPECTOR);
    private static long ids;

    private final Instant at;
    private String recipe = "bottle";
    private int recipeVersion = 1;
    private String profile = "bottle-default";
    private int profileVersion = 1;
    private double score = 5.0;
    private double threshold = 4.0;
    private boolean explained = true;

    private ReviewCases(Instant at) {
        this.at = at;
    }

    static ReviewCases at(String instant) {
        return new ReviewCases(Instant.parse(instant));
    }

    ReviewCases recipe(String name, int version) {
        recipe = name;
        recipeVersion = version;
        return this;
    }

    ReviewCases prompt(String name, int version) {
        profile = name;
        profileVersion = version;
        return this;
    }

    ReviewCases score(double value, double threshold) {
        this.score = value;
        this.threshold = threshold;
        return this;
    }

    ReviewCases unexplained() {
        explained = false;
        return this;
    }

    ReviewCase accept(String cls) {
        return decide(Action.ACCEPT, cls, cls);
    }

    ReviewCase override(String machine, String inspector) {
        return decide(Action.OVERRIDE, machine, inspector);
    }

    private ReviewCase decide(Action action, String machine, String inspector) {
        long id = ++ids;
        ExplanationId shown = new ExplanationId(id);
        Decision d = new Decision(new DecisionId(id), new InspectionId(id), action, inspector, Severity.DEFECT, "", ANN,
                "s1", at, explained ? Optional.of(shown) : Optional.empty(), Optional.empty());
        Map<ExplanationId, MachineAnswer> answers = explained ? Map.of(shown, new MachineAnswer(shown,
                ExplanationStatus.ANSWERED, Optional.of(machine), Optional.of(Severity.DEFECT), "m", profile, profileVersion))
                : Map.of();
        return new ReviewedInspection(new InspectionId(id), at, "s1", recipe, recipeVersion, score, threshold,
                java.util.List.of(d), answers).standing().orElseThrow();
    }
}
