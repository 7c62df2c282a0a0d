package io.kensa.recipe;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.config.ShippedResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipesTest {
    @TempDir
    Path station;

    @Test
    void shippedDemoRecipeReplaysRealImagesThatExist() throws Exception {
        Recipe demo = new Recipes(List.of(station, ShippedResources.resolve("recipes"))).load(Recipes.DEMO);
        assertEquals("bottle", demo.name());
        assertTrue(demo.source().startsWith("folder:"), demo.source());
        Path replay = Path.of(demo.source().substring("folder:".length()).replaceAll("\\?.*", ""));
        assertTrue(Files.isDirectory(replay), "demo replay folder exists: " + replay);
        assertTrue(Files.isDirectory(demo.detector().trainImages()));
        assertEquals(0.1, demo.detector().coreset());
    }

    @Test
    void stationRecipeShadowsTheShippedOneOfTheSameName() throws Exception {
        Files.createDirectories(station.resolve("bottle"));
        Files.writeString(station.resolve("bottle/recipe.json"),
                "{\"name\":\"bottle\",\"version\":7,\"source\":\"usb:0\",\"detector\":{\"trainImages\":\"good\"}}");
        Recipe mine = new Recipes(List.of(station, ShippedResources.resolve("recipes"))).load("bottle");
        assertEquals(7, mine.version());
        assertEquals(station.resolve("bottle/good"), mine.detector().trainImages());
    }

    @Test
    void brokenRecipesNameTheFileAndTheField() throws Exception {
        Path file = station.resolve("r.json");
        Files.writeString(file, "{\"name\":\"x\",\"detector\":{\"trainImages\":\"g\"}}");
        RecipeException missing = assertThrows(RecipeException.class, () -> Recipes.read(file));
        assertTrue(missing.getMessage().contains("'source'") && missing.getMessage().contains(file.toString()));

        Files.writeString(file, "{\"name\":\"x\",\"source\":\"usb:0\",\"detector\":{\"trainImages\":\"g\",\"coreset\":\"lots\"}}");
        assertTrue(assertThrows(RecipeException.class, () -> Recipes.read(file)).getMessage().contains("'coreset' must be a number"));

        Files.writeString(file, "{not json");
        assertTrue(assertThrows(RecipeException.class, () -> Recipes.read(file)).getMessage().contains("not valid JSON"));

        RecipeException unknown = assertThrows(RecipeException.class, () -> new Recipes(List.of(station)).load("nope"));
        assertTrue(unknown.getMessage().contains("No recipe named 'nope'"));
    }

    /** The live pipeline classifies only flagged frames unless the recipe says "frames": "all" (DetectionWorker). */
    @Test
    void classifierFramesAreFlaggedByDefaultAllWhenSaidAndAnythingElseIsNamed() throws Exception {
        Path file = station.resolve("r.json");
        String head = "{\"name\":\"x\",\"source\":\"usb:0\",\"detector\":{\"trainImages\":\"g\"},\"classifier\":";
        Files.writeString(file, head + "{\"file\":\"c.json\"}}");
        Recipe.ClassifierSettings flagged = Recipes.read(file).classifier().orElseThrow();
        assertFalse(flagged.allFrames());
        assertEquals(station.resolve("c.json"), flagged.file());
        assertEquals("feat_s16", flagged.camStage());

        Files.writeString(file, head + "{\"file\":\"c.json\",\"frames\":\"all\",\"camStage\":\"feat_s8\"}}");
        Recipe.ClassifierSettings all = Recipes.read(file).classifier().orElseThrow();
        assertTrue(all.allFrames());
        assertEquals("feat_s8", all.camStage());

        Files.writeString(file, head + "{\"file\":\"c.json\",\"frames\":\"some\"}}");
        String message = assertThrows(RecipeException.class, () -> Recipes.read(file)).getMessage();
        assertTrue(message.contains(file.toString()) && message.contains("classifier.frames must be \"flagged\" or \"all\""),
                message);
    }
}
