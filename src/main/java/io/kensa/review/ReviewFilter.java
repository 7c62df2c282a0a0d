package io.kensa.review;

import io.kensa.model.ReviewCase;
import java.util.Optional;

/**
 * The supervisor's narrowing of the loaded decisions (the date range is applied by the query).
 *
 * @param operatorId     only this operator's decisions
 * @param anomalyClass   only decisions where the machine or the inspector named this class
 * @param overridesOnly  only overrides (the summary ignores this: an override rate among overrides says nothing)
 */
public record ReviewFilter(Optional<String> operatorId, Optional<String> anomalyClass, boolean overridesOnly) {
    public static final ReviewFilter ALL = new ReviewFilter(Optional.empty(), Optional.empty(), false);

    public boolean matches(ReviewCase c) {
        return (!overridesOnly || c.overridden()) && matchesForSummary(c);
    }

    /** Every condition but {@code overridesOnly}. */
    public boolean matchesForSummary(ReviewCase c) {
        return operatorId.map(id -> id.equals(c.decision().operator().id())).orElse(true)
                && anomalyClass.map(k -> k.equals(c.machineClass()) || k.equals(c.finalClass())).orElse(true);
    }
}
