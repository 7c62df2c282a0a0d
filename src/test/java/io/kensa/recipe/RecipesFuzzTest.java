package io.kensa.recipe;

import static io.kensa.util.FuzzChecks.onlyTypedFailures;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** recipe.json files copied between stations or edited by hand. */
class RecipesFuzzTest {
    private static Path folder;

    @BeforeAll
    static void folder() throws IOException {
        folder = Files.createTempDirectory("kensa-recipe-fuzz");
    }

    @AfterAll
    static void clean() throws IOException {
        Files.deleteIfExists(folder.resolve("recipe.json"));
        Files.deleteIfExists(folder);
    }

    @FuzzTest
    void readsAnyRecipeFileOrNamesTheBadField(byte[] content) throws IOException {
        Path file = folder.resolve("recipe.json");
        Files.write(file, content);
        onlyTypedFailures(() -> Recipes.read(file), RecipeException.class);
    }
}
