package io.kensa.recipe;

import java.time.Instant;
import java.util.Optional;

/**
 * Who made a recipe version live, when and why; stored in the version's recipe.json ({@code "published"}).
 *
 * @param origin what the version was made from when it is not an edited draft ("rollback to v3", "duplicate of
 *               bottle v7", "new recipe")
 */
public record Publication(String authorId, String authorName, Instant at, String comment, Optional<String> origin) {
    public Publication {
        if (authorId == null || authorId.isBlank()) {
            throw new IllegalArgumentException("a publication needs its author's id");
        }
        authorName = authorName == null || authorName.isBlank() ? authorId : authorName.strip();
        comment = comment == null ? "" : comment.strip();
        origin = origin == null ? Optional.empty() : origin;
    }

    public Publication withOrigin(String what) {
        return new Publication(authorId, authorName, at, comment, Optional.of(what));
    }
}
