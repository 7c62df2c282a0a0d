package io.kensa.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.model.Action;
import io.kensa.model.Decision;
import io.kensa.model.DecisionId;
import io.kensa.model.DecisionInput;
import io.kensa.model.InspectionId;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UndoWindowTest {
    private static final Operator ALICE = new Operator("a", "Alice", Role.INSPECTOR);
    private static final Operator BOB = new Operator("b", "Bob", Role.INSPECTOR);
    private static final Instant T = Instant.parse("2025-01-01T08:00:00Z");

    private static Decision decision(Action action, Operator who) {
        return new Decision(new DecisionId(1), new InspectionId(1), action, "normal", Severity.NORMAL, "", who,
                "station", T, Optional.empty(), action == Action.UNDO ? Optional.of(new DecisionId(0)) : Optional.empty());
    }

    @Test
    void ownDecisionCanBeUndoneOnlyInsideTheWindow() {
        UndoWindow window = new UndoWindow(Duration.ofSeconds(10));
        Decision d = decision(Action.ACCEPT, ALICE);
        assertTrue(window.allows(d, ALICE, T.plusSeconds(9)));
        assertEquals(Duration.ofSeconds(1), window.remaining(d, T.plusSeconds(9)));
        assertFalse(window.allows(d, ALICE, T.plusSeconds(10)));
        assertEquals(Duration.ZERO, window.remaining(d, T.plusSeconds(60)));
        assertFalse(window.allows(d, BOB, T.plusSeconds(1)), "only the operator who decided");
        assertFalse(window.allows(decision(Action.UNDO, ALICE), ALICE, T.plusSeconds(1)), "an undo is not undone");
        assertEquals(Optional.of(d), window.undoable(Optional.of(d), ALICE, T));
        assertEquals(Optional.empty(), window.undoable(Optional.empty(), ALICE, T));
    }

    @Test
    void recordsRefuseIncompleteInput() {
        assertThrows(IllegalArgumentException.class, () -> new Operator(" ", "x", Role.INSPECTOR));
        assertThrows(IllegalArgumentException.class, () -> new DecisionInput(Action.UNDO, "normal", Severity.NORMAL, "", ALICE, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> DecisionInput.override(" ", Severity.MINOR, "", ALICE, Optional.empty()));
        assertEquals(Role.QA_ENGINEER, Role.fromWire("QA_Engineer"));
        assertEquals("", DecisionInput.override("x", Severity.MINOR, null, ALICE, Optional.empty()).comment());
    }
}
