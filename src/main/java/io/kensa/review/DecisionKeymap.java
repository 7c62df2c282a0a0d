package io.kensa.review;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which key does what at the decision panel, by key name (JavaFX {@code KeyCode.getName()} or {@code name()},
 * case-insensitive), so keyboards, USB keypads and foot pedals (which send e.g. F13–F15) can be mapped in the
 * settings without code. Digits pick the class after Override: 1 = first entry of the class list, and so on.
 *
 * <p>Default: Enter = accept, O = override, Z or Backspace = undo, Escape = cancel the override; F13/F14/F15 =
 * accept/override/undo for a three-pedal switch; 1–9 (and numpad 1–9) pick a class.
 */
public final class DecisionKeymap {
    public enum Command { ACCEPT, OVERRIDE, UNDO, CANCEL, PICK_CLASS }

    /** A resolved key: the command and, for {@link Command#PICK_CLASS}, the zero-based class index. */
    public record Binding(Command command, int classIndex) {}

    private final Map<String, Binding> keys;

    private DecisionKeymap(Map<String, Binding> keys) {
        this.keys = Map.copyOf(keys);
    }

    public static DecisionKeymap defaults() {
        return parse("accept=ENTER,F13; override=O,F14; undo=Z,BACK_SPACE,F15; cancel=ESCAPE");
    }

    /**
     * Parses {@code command=KEY,KEY; …} for accept, override, undo and cancel (digits always pick classes).
     * A key bound twice is refused with both commands named.
     */
    public static DecisionKeymap parse(String spec) {
        Map<String, Binding> keys = new LinkedHashMap<>();
        for (int i = 1; i <= 9; i++) {
            keys.put("DIGIT" + i, new Binding(Command.PICK_CLASS, i - 1));
            keys.put("NUMPAD" + i, new Binding(Command.PICK_CLASS, i - 1));
            keys.put(String.valueOf(i), new Binding(Command.PICK_CLASS, i - 1));
            keys.put("NUMPAD " + i, new Binding(Command.PICK_CLASS, i - 1));
        }
        for (String part : spec.split(";")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("key map entry '" + part.strip() + "' is not command=KEY,KEY");
            }
            Command command;
            try {
                command = Command.valueOf(kv[0].strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("key map command '" + kv[0].strip()
                        + "' is not one of accept, override, undo, cancel");
            }
            if (command == Command.PICK_CLASS) {
                throw new IllegalArgumentException("classes are picked with the digit keys 1-9; remove pick_class");
            }
            for (String key : List.of(kv[1].split(","))) {
                String name = normalise(key);
                Binding old = keys.put(name, new Binding(command, -1));
                if (old != null) {
                    throw new IllegalArgumentException("key " + name + " is bound to both " + old.command()
                            + " and " + command);
                }
            }
        }
        return new DecisionKeymap(keys);
    }

    public Optional<Binding> lookup(String keyName) {
        return keyName == null ? Optional.empty() : Optional.ofNullable(keys.get(normalise(keyName)));
    }

    private static String normalise(String key) {
        return key.strip().toUpperCase(Locale.ROOT).replace("BACKSPACE", "BACK_SPACE");
    }
}
