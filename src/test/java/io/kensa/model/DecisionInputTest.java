package io.kensa.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.model.Severity;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Inputs the decision log cannot hold are refused when typed, with the limit, never when stored. */
class DecisionInputTest {
    private static final Operator ANN = new Operator("a1", "Ann", Role.INSPECTOR);

    @Test
    void tooLongCommentIsRefusedNamingTheLimit() {
        String comment = "x".repeat(DecisionInput.MAX_COMMENT_LENGTH + 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DecisionInput.override("contamination", Severity.MINOR, comment, ANN, Optional.empty()));
        assertEquals("the comment is 2001 characters long; at most 2000 are allowed: shorten it", e.getMessage());
        assertEquals(2000, DecisionInput.override("contamination", Severity.MINOR, "  " + comment.substring(1) + " ",
                ANN, Optional.empty()).comment().length(), "surrounding spaces do not count");
    }

    @Test
    void tooLongClassAndOperatorFieldsAreRefusedNamingTheLimit() {
        IllegalArgumentException cls = assertThrows(IllegalArgumentException.class,
                () -> DecisionInput.accept("c".repeat(201), Severity.MINOR, ANN, Optional.empty()));
        assertTrue(cls.getMessage().contains("at most 200"), cls.getMessage());
        IllegalArgumentException id = assertThrows(IllegalArgumentException.class,
                () -> new Operator("i".repeat(101), "Ann", Role.INSPECTOR));
        assertEquals("operator id is 101 characters long; at most 100 are allowed", id.getMessage());
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> new Operator("a1", "N".repeat(201), Role.INSPECTOR));
        assertEquals("operator name is 201 characters long; at most 200 are allowed", name.getMessage());
    }
}
