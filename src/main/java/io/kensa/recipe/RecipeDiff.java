package io.kensa.recipe;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What differs between two versions of a recipe (or the draft and the live version): recipe.json field by field
 * ({@code detector.threshold 0.41 → 0.47}) and the files beside it by sha256.
 */
public record RecipeDiff(String recipe, String from, String to, List<Change> changes) {
    /** A field or file that differs; {@code before} or {@code after} is {@link #ABSENT} when it was added or removed. */
    public record Change(String what, String before, String after) {
        @Override
        public String toString() {
            return what + "  " + before + " → " + after;
        }
    }

    public static final String ABSENT = "(none)";

    public RecipeDiff {
        changes = List.copyOf(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** One line per change under a heading, for the CLI and the Versions pane. */
    public String toText() {
        String heading = recipe + " " + from + " → " + to;
        return changes.isEmpty() ? heading + ": no differences" + System.lineSeparator()
                : heading + System.lineSeparator() + changes.stream().map(c -> "  " + c + System.lineSeparator())
                .collect(Collectors.joining());
    }
}
