package io.kensa.model;

import io.kensa.model.Severity;
import java.util.Optional;

/**
 * What the inspector decided on one frame, before it is stored.
 *
 * @param action            {@link Action#ACCEPT} or {@link Action#OVERRIDE} (undo has its own call)
 * @param finalClass        {@code normal} or one of the recipe's anomaly classes; for an accept, the machine's class
 * @param comment           free text, empty when none
 * @param shownExplanation  the explanation on screen when deciding, empty when none had arrived
 */
public record DecisionInput(Action action, String finalClass, Severity severity, String comment, Operator operator,
                            Optional<ExplanationId> shownExplanation) {
    /** Longest comment and class name the decision log holds; the UI can limit its fields to these. */
    public static final int MAX_COMMENT_LENGTH = 2000;
    public static final int MAX_CLASS_LENGTH = 200;

    public DecisionInput {
        if (action != Action.ACCEPT && action != Action.OVERRIDE) {
            throw new IllegalArgumentException("a decision is accept or override, not " + action + " (use undo)");
        }
        if (finalClass == null || finalClass.isBlank()) {
            throw new IllegalArgumentException("a decision needs a final class (normal or an anomaly class)");
        }
        if (severity == null || operator == null) {
            throw new IllegalArgumentException("a decision needs a severity and an operator");
        }
        finalClass = finalClass.strip();
        comment = comment == null ? "" : comment.strip();
        TextLimit.atMost("the comment", comment, MAX_COMMENT_LENGTH, ": shorten it");
        TextLimit.atMost("the class name", finalClass, MAX_CLASS_LENGTH, "");
        shownExplanation = shownExplanation == null ? Optional.empty() : shownExplanation;
    }

    public static DecisionInput accept(String machineClass, Severity machineSeverity, Operator operator,
                                       Optional<ExplanationId> shown) {
        return new DecisionInput(Action.ACCEPT, machineClass, machineSeverity, "", operator, shown);
    }

    public static DecisionInput override(String trueClass, Severity severity, String comment, Operator operator,
                                         Optional<ExplanationId> shown) {
        return new DecisionInput(Action.OVERRIDE, trueClass, severity, comment, operator, shown);
    }
}
