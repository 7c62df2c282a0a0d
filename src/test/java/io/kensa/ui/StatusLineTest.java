package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kensa.inspect.ComputeDevices;
import io.kensa.inspect.DetectorStats;
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

    @Test
    void theStatusBarSaysWhereEachModelRuns() {
        ComputeDevices all = new ComputeDevices("gpu(0)", Optional.of("gpu(0)"), Optional.of("cpu()"));
        assertEquals("detector ready · 4.0 fps · 120 ms · devices: detector gpu(0), classifier gpu(0), Grad-CAM cpu",
                StatusLine.detector(new DetectorStats("ready", 4, 120, 9, all), Optional.empty()));

        ComputeDevices detectorOnly = new ComputeDevices("cpu()", Optional.empty(), Optional.empty());
        assertEquals("detector ready · 0.0 fps · 0 ms · devices: detector cpu, no classifier",
                StatusLine.detector(new DetectorStats("ready", 0, 0, 0, detectorOnly), Optional.empty()));
        assertEquals("detector loading the backbone · 0.0 fps · 0 ms · devices: models not loaded yet",
                StatusLine.detector(new DetectorStats("loading the backbone", 0, 0, 0, ComputeDevices.NONE), Optional.empty()));
    }
}
