package io.kensa.recipe;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * One version in a recipe's history.
 *
 * @param publication empty for a version saved before versions named their author (camera settings or a classifier
 *                    saved straight to the recipe, the shipped version 1)
 * @param live        whether this is the version the line runs
 */
public record RecipeVersion(String recipe, int number, String title, Optional<Publication> publication, boolean live) {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /** {@code bottle v7 (published by Quinn Ueda 2026-12-07 14:02)}, times in {@code zone}. */
    public String label(ZoneId zone) {
        return recipe + " v" + number + publication.map(p -> " (published by " + p.authorName() + " "
                + MINUTE.format(p.at().atZone(zone)) + ")").orElse("");
    }
}
