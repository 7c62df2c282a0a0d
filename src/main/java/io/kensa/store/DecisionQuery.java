package io.kensa.store;

import io.kensa.model.Action;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * A supervisor's filter over decisions: time range {@code [from, to)}, kinds, and optionally the final class
 * and the operator. Decisions that were later undone are left out unless {@code includeUndone}.
 */
public record DecisionQuery(Instant from, Instant to, Set<Action> actions, Optional<String> finalClass,
                            Optional<String> operatorId, boolean includeUndone, int limit) {
    public DecisionQuery {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("decision query range " + from + " .. " + to + " is empty");
        }
        if (actions.isEmpty()) {
            throw new IllegalArgumentException("decision query names no kinds (accept, override, undo)");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("decision query limit " + limit + " must be positive");
        }
        actions = Set.copyOf(actions);
    }

    /** Overrides in the range that still stand (not undone), newest first, up to 10,000. */
    public static DecisionQuery overrides(Instant from, Instant to) {
        return new DecisionQuery(from, to, EnumSet.of(Action.OVERRIDE), Optional.empty(), Optional.empty(), false, 10_000);
    }

    /** Accepts and overrides in the range that still stand, newest first, up to 10,000. */
    public static DecisionQuery all(Instant from, Instant to) {
        return new DecisionQuery(from, to, EnumSet.of(Action.ACCEPT, Action.OVERRIDE), Optional.empty(),
                Optional.empty(), false, 10_000);
    }

    public DecisionQuery withClass(String name) {
        return new DecisionQuery(from, to, actions, Optional.of(name), operatorId, includeUndone, limit);
    }

    public DecisionQuery withOperator(String id) {
        return new DecisionQuery(from, to, actions, finalClass, Optional.of(id), includeUndone, limit);
    }

    public DecisionQuery includingUndone() {
        return new DecisionQuery(from, to, actions, finalClass, operatorId, true, limit);
    }

    public DecisionQuery limitedTo(int max) {
        return new DecisionQuery(from, to, actions, finalClass, operatorId, includeUndone, max);
    }
}
