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

    @Test
    void cameraSettingsSavedToAShippedRecipeGoToAStationCopyAsANewVersion() throws Exception {
        Recipes recipes = new Recipes(List.of(station, ShippedResources.resolve("recipes")));
        Recipe shipped = recipes.load(Recipes.DEMO);
        Path shippedFile = shipped.folder().resolve("recipe.json");
        String shippedText = Files.readString(shippedFile);
        Map<String, String> camera = new LinkedHashMap<>();
        camera.put("pixelFormat", "BayerRG8");
        camera.put("width", "640");
        camera.put("exposure", "auto");

        Recipe saved = recipes.saveCamera(shipped, camera);

        assertEquals(shipped.version() + 1, saved.version());
        assertEquals(camera, saved.camera());
        assertEquals(List.copyOf(camera.keySet()), List.copyOf(saved.camera().keySet()), "order kept");
        assertEquals(station.resolve("bottle").toAbsolutePath(), saved.folder());
        assertEquals(shippedText, Files.readString(shippedFile), "the shipped recipe is left as installed");
        // the copy keeps everything else and its relative files (prompt profile, reference images) resolve beside it
        assertEquals(shipped.source(), saved.source());
        assertEquals(shipped.detector(), saved.detector());
        assertEquals(shipped.gate(), saved.gate());
        assertTrue(Files.isRegularFile(saved.promptProfile()), saved.promptProfile().toString());
        assertTrue(Files.readString(saved.folder().resolve("recipe.json")).contains("${resources}"), "placeholders kept as written");

        Recipe again = recipes.load(Recipes.DEMO);
        assertEquals(saved, again, "the station copy shadows the shipped recipe");

        Recipe third = recipes.saveCamera(again, Map.of("gain", "2"));
        assertEquals(saved.version() + 1, third.version(), "a station recipe is saved in place");
        assertEquals(Map.of("gain", "2"), recipes.load(Recipes.DEMO).camera());
        assertFalse(Files.exists(saved.folder().resolve("recipe.json.tmp")));
    }

    @Test
    void aRecipeEditedOnDiskSinceItWasLoadedIsNotSavedOver() throws Exception {
        Files.createDirectories(station.resolve("line3"));
        Path file = station.resolve("line3/recipe.json");
        Files.writeString(file, "{\"name\":\"line3\",\"version\":4,\"source\":\"gige://cam\",\"detector\":{\"trainImages\":\"good\"}}");
        Recipes recipes = new Recipes(List.of(station));
        Recipe opened = recipes.load("line3");
        // someone edited the file by hand meanwhile: neither adopted unseen nor overwritten
        String edited = Files.readString(file).replace("\"version\":4", "\"version\":9").replace("gige://cam", "usb:1");
        Files.writeString(file, edited);
        RecipeException refused = assertThrows(RecipeException.class, () -> recipes.saveCamera(opened, Map.of("fps", "20")));
        assertTrue(refused.getMessage().contains("changed on disk since Kensa loaded it (v9 on disk, v4 loaded)"), refused.getMessage());
        assertTrue(refused.getMessage().contains("restart Kensa"), refused.getMessage());
        assertEquals(edited, Files.readString(file));
    }

    @Test
    void everyVersionReplacedIsKeptBesideTheRecipe() throws Exception {
        Recipes recipes = new Recipes(List.of(station, ShippedResources.resolve("recipes")));
        Recipe shipped = recipes.load(Recipes.DEMO);
        String shippedText = Files.readString(shipped.folder().resolve("recipe.json"));
        Recipe second = recipes.saveCamera(shipped, Map.of("width", "640"));
        String secondText = Files.readString(second.folder().resolve("recipe.json"));
        Recipe third = recipes.saveCamera(second, Map.of("width", "800"));

        Path folder = third.folder();
        assertEquals(shippedText, Files.readString(folder.resolve("recipe-v" + shipped.version() + ".json")));
        assertEquals(secondText, Files.readString(folder.resolve("recipe-v" + second.version() + ".json")));
        assertEquals(Map.of("width", "640"), Recipes.read(folder.resolve("recipe-v" + second.version() + ".json")).camera());
        assertEquals(List.of(Recipes.DEMO), recipes.names(), "history files are not recipes");
        try (var files = Files.list(folder)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void aCopyFailingHalfwayLeavesNothingThatShadowsTheShippedRecipe() throws Exception {
        Path shippedRoot = Files.createDirectory(station.resolve("shipped"));
        Path stationRoot = Files.createDirectory(station.resolve("station"));
        Path line = Files.createDirectory(shippedRoot.resolve("line5"));
        Files.writeString(line.resolve("recipe.json"),
                "{\"name\":\"line5\",\"version\":2,\"source\":\"usb:0\",\"detector\":{\"trainImages\":\"good\"}}");
        Files.writeString(line.resolve("prompt-profile.json"), "{}");
        // a file that cannot be read (a dangling link stands in for a full disk or a bad sector, also as root)
        Files.createSymbolicLink(line.resolve("reference.png"), line.resolve("gone.png"));
        Recipes recipes = new Recipes(List.of(stationRoot, shippedRoot));
        Recipe shipped = recipes.load("line5");

        RecipeException failed = assertThrows(RecipeException.class, () -> recipes.saveCamera(shipped, Map.of("fps", "5")));

        assertTrue(failed.getMessage().contains("Nothing was changed"), failed.getMessage());
        assertTrue(failed.getMessage().contains(stationRoot.resolve("line5").toString()), failed.getMessage());
        try (var left = Files.list(stationRoot)) {
            assertEquals(List.of(), left.toList(), "no partial copy and no temporary folder left");
        }
        assertEquals(shipped, recipes.load("line5"), "the shipped recipe is still the one found");
    }
}
