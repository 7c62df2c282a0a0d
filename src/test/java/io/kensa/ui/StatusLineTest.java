package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kensa.recipe.Publication;
import io.kensa.recipe.RecipeVersion;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StatusLineTest {
    @Test
    void theInspectorSeesTheLiveVersionAndWhoPublishedIt() {
        Instant at = Instant.parse("2026-12-07T14:02:00Z");
        RecipeVersion published = new RecipeVersion("bottle", 7, "Bottle, top view", Optional.of(
                new Publication("q.ueda", "Quinn Ueda", at, "tiles", Optional.empty())), true);
        String local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(at.atZone(ZoneId.systemDefault()));

        assertEquals("Recipe: Bottle, top view (v7, published by Quinn Ueda " + local + ")", StatusLine.recipe(published));
        assertEquals("Recipe: Bottle, top view (v1)",
                StatusLine.recipe(new RecipeVersion("bottle", 1, "Bottle, top view", Optional.empty(), true)));
    }
}
