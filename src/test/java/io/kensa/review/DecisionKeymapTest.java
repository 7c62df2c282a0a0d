package io.kensa.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.review.DecisionKeymap.Binding;
import io.kensa.review.DecisionKeymap.Command;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionKeymapTest {
    @Test
    void defaultsCoverKeyboardAndPedal() {
        DecisionKeymap map = DecisionKeymap.defaults();
        assertEquals(Command.ACCEPT, map.lookup("Enter").orElseThrow().command());
        assertEquals(Command.ACCEPT, map.lookup("F13").orElseThrow().command());
        assertEquals(Command.OVERRIDE, map.lookup("o").orElseThrow().command());
        assertEquals(Command.UNDO, map.lookup("Backspace").orElseThrow().command());
        assertEquals(new Binding(Command.PICK_CLASS, 2), map.lookup("DIGIT3").orElseThrow());
        assertEquals(new Binding(Command.PICK_CLASS, 0), map.lookup("Numpad 1").orElseThrow());
        assertEquals(Optional.empty(), map.lookup("Q"));
    }

    @Test
    void customMapsRefuseConflictsAndUnknownCommands() {
        DecisionKeymap map = DecisionKeymap.parse("accept=SPACE; override=PAGE_DOWN");
        assertEquals(Command.ACCEPT, map.lookup("space").orElseThrow().command());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> DecisionKeymap.parse("accept=A; undo=A"));
        assertTrue(twice.getMessage().contains("bound to both ACCEPT and UNDO"), twice.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DecisionKeymap.parse("reject=R"));
        assertThrows(IllegalArgumentException.class, () -> DecisionKeymap.parse("accept=1"));
    }
}
