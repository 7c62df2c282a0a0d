package io.kensa.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import io.kensa.llm.LoadedProfile;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.ProfileException;
import io.kensa.store.Database;
import io.kensa.store.PromptProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving a profile version records its reference images; a replaced image then needs a new version. */
class PromptVersionsTest {
    @TempDir
    Path dir;

    @Test
    void savingRecordsTheImagesAndAReplacedImageNeedsANewVersion() throws Exception {
        Path recipe = dir.resolve("recipes/bottle");
        Files.createDirectories(recipe);
        try (Stream<Path> files = Files.list(ShippedResources.resolve("recipes/bottle"))) {
            for (Path f : files.toList()) {
                Files.copy(f, recipe.resolve(f.getFileName()));
            }
        }
        Path image = recipe.resolve("reference-good-2.png");
        try (Database db = Database.openFile(dir.resolve("db"))) {
            PromptProfileStore store = new PromptProfileStore(db, dir);
            // the editor's draft carries no hashes: saving records them
            ProfileDocument draft = new ProfileDocument(LoadedProfile.fromRecipeFolder(recipe).profile(),
                    LoadedProfile.fromRecipeFolder(recipe).document().offline());
            PromptVersions.Saved first = PromptVersions.save(store, draft, recipe, DecisionLogs.QA);
            assertEquals(1, first.document().version(), "the same content as the recipe file: no new version");
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(image))),
                    store.latest("bottle").orElseThrow().referenceSha256().get("reference-good-2.png"));

            Files.copy(ShippedResources.demoBottle().resolve("train/good/014.png"), image, StandardCopyOption.REPLACE_EXISTING);
            ProfileException e = assertThrows(ProfileException.class,
                    () -> LoadedProfile.load(store.latest("bottle").orElseThrow(), recipe));
            assertTrue(e.getMessage().contains(image + " has changed since prompt profile 'bottle' v1"), e.getMessage());
            assertThrows(ProfileException.class, () -> LoadedProfile.fromRecipeFolder(recipe), "the recipe file records it too");

            PromptVersions.Saved second = PromptVersions.save(store, draft, recipe, DecisionLogs.QA);
            assertTrue(second.newVersion(), "the new image makes a new version");
            assertEquals(2, second.document().version());
            assertEquals(2, LoadedProfile.load(store.latest("bottle").orElseThrow(), recipe).references().size());
            assertEquals(2, LoadedProfile.fromRecipeFolder(recipe).document().version(), "the recipe file follows");
            assertEquals(2, LoadedProfile.fromRecipeFolder(recipe).references().size());
        }
    }
}
