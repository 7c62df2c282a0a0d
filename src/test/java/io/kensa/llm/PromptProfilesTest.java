package io.kensa.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import io.kensa.util.Hashes;
import io.kensa.util.Pngs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prompt profile files: the shipped demo, export/import round trip, and validation messages. */
class PromptProfilesTest {
    @TempDir
    Path dir;

    @Test
    void shippedBottleProfileIsValidWithVelmSectionsAndReferenceImages() throws Exception {
        LoadedProfile loaded = Demo.profile();
        PromptProfile p = loaded.profile();
        assertEquals("bottle", p.name());
        assertEquals(List.of("broken_large", "broken_small", "contamination"), p.classNames());
        assertTrue(p.normalDescription().contains("colour") || p.normalDescription().contains("amber"));
        assertTrue(p.classificationStrategy().contains("6%"));
        assertEquals(2, loaded.references().size());
        assertEquals(320, loaded.references().get(0).getWidth());
        assertEquals(3, loaded.document().offline().rules().size());
    }

    @Test
    void exportThenImportGivesTheSameProfile() throws Exception {
        ProfileDocument original = Demo.profile().document();
        Path file = dir.resolve("exported.json");
        PromptProfiles.write(original, file);
        String text = Files.readString(file);
        assertTrue(text.contains("\"outputSchema\""), "the fixed schema is exported for reference");
        assertEquals(original, PromptProfiles.fromJson(text, file.toString()));
    }

    @Test
    void rejectsProfilesWithClearMessages() {
        assertProblem("\"anomalyClasses\": []", "no anomaly classes");
        assertProblem(classes("a", "defect") + "," + cls("a", "minor") + "]", "'a' is used twice");
        assertProblem(classes("chip", "fatal") + "]", "severity 'fatal' is not one of normal, minor, defect");
        assertProblem(classes("normal", "defect") + "]", "'normal' is reserved");
        ProfileException tooMany = assertThrows(ProfileException.class, () -> PromptProfiles.fromJson(
                json(classes("chip", "defect") + "]", "[\"a.png\",\"b.png\",\"c.png\",\"d.png\"]"), "t.json"));
        assertTrue(tooMany.getMessage().contains("4 reference images; at most 3"), tooMany.getMessage());
        ProfileException none = assertThrows(ProfileException.class, () -> PromptProfiles.fromJson(
                json(classes("chip", "defect") + "]", "[]"), "t.json"));
        assertTrue(none.getMessage().contains("no reference image"), none.getMessage());
        ProfileException notJson = assertThrows(ProfileException.class, () -> PromptProfiles.fromJson("{\"name\": ", "t.json"));
        assertTrue(notJson.getMessage().contains("t.json is not valid JSON"), notJson.getMessage());
    }

    @Test
    void missingReferenceImageIsNamed() throws Exception {
        Path file = dir.resolve(PromptProfiles.FILE_NAME);
        Files.writeString(file, json(classes("chip", "defect") + "]", "[\"good-1.png\"]"));
        ProfileException e = assertThrows(ProfileException.class, () -> LoadedProfile.fromRecipeFolder(dir));
        assertTrue(e.getMessage().contains("reference image good-1.png is missing"), e.getMessage());
    }

    @Test
    void replacedReferenceImageIsRefusedUntilANewVersionRecordsIt() throws Exception {
        Path recipe = copyOfTheDemoRecipe();
        Path replaced = recipe.resolve("reference-good-1.png");
        assertEquals(2, LoadedProfile.fromRecipeFolder(recipe).references().size(), "the shipped file records both images");

        Files.copy(ShippedResources.demoBottle().resolve("train/good/014.png"), replaced, StandardCopyOption.REPLACE_EXISTING);
        ProfileException e = assertThrows(ProfileException.class, () -> LoadedProfile.fromRecipeFolder(recipe));
        assertTrue(e.getMessage().contains("Reference image " + replaced + " has changed since prompt profile 'bottle' v1"),
                e.getMessage());
        assertTrue(e.getMessage().contains("save a new version"), e.getMessage());

        Path file = recipe.resolve(PromptProfiles.FILE_NAME);
        ProfileDocument resaved = PromptProfiles.recordImageHashes(
                PromptProfiles.fromJson(Files.readString(file), file.toString()), recipe);
        assertEquals(Hashes.sha256Hex(Files.readAllBytes(replaced)), resaved.referenceSha256().get("reference-good-1.png"));
        PromptProfiles.write(resaved, file);
        assertEquals(2, LoadedProfile.fromRecipeFolder(recipe).references().size(), "loads again once the new image is recorded");
    }

    @Test
    void aFileWithoutImageHashesGetsThemWhenReadAndKeepsThemThroughExport() throws Exception {
        Path recipe = copyOfTheDemoRecipe();
        Path file = recipe.resolve(PromptProfiles.FILE_NAME);
        String withoutHashes = Files.readString(file).replaceAll("(?s)\\s*\"referenceImageSha256\" : \\{[^}]*},", "");
        Files.writeString(file, withoutHashes);
        assertTrue(PromptProfiles.fromJson(withoutHashes, "t").referenceSha256().isEmpty());

        ProfileDocument read = PromptProfiles.read(file);
        assertEquals(Hashes.sha256Hex(Files.readAllBytes(recipe.resolve("reference-good-2.png"))),
                read.referenceSha256().get("reference-good-2.png"));
        String exported = PromptProfiles.toJson(read);
        assertTrue(exported.contains("\"referenceImageSha256\""), exported);
        assertEquals(read, PromptProfiles.fromJson(exported, "exported"));
    }

    @Test
    void imageHashEntriesAreChecked() {
        String refs = "[\"good.png\"],\"referenceImageSha256\":{\"good.png\":\"abc\",\"gone.png\":\"" + "0".repeat(64) + "\"}";
        ProfileException e = assertThrows(ProfileException.class,
                () -> PromptProfiles.fromJson(json(classes("chip", "defect") + "]", refs), "t.json"));
        assertTrue(e.getMessage().contains("referenceImageSha256 of good.png is not a sha256"), e.getMessage());
        assertTrue(e.getMessage().contains("referenceImageSha256 lists gone.png, which is not one of the referenceImages"),
                e.getMessage());
    }

    @Test
    void referenceImagesNamedOutsideTheRecipeFolderAreRefusedOnImport() {
        for (String ref : List.of("/etc/passwd", "../secret.png", "images/../../secret.png", "C:\\\\Users\\\\x.png",
                "a\\\\..\\\\..\\\\x.png")) {
            ProfileException e = assertThrows(ProfileException.class, () -> PromptProfiles.fromJson(
                    json(classes("chip", "defect") + "]", "[\"" + ref + "\"]"), "t.json"), ref);
            assertTrue(e.getMessage().contains("is an absolute path") || e.getMessage().contains("leaves the recipe folder (..)"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("t.json cannot be used"), e.getMessage());
        }
    }

    @Test
    void aSymbolicLinkOutOfTheRecipeFolderIsNotFollowed() throws Exception {
        Path recipe = copyOfTheDemoRecipe();
        Path outside = Files.createDirectories(dir.resolve("elsewhere")).resolve("private.png");
        Files.copy(recipe.resolve("reference-good-1.png"), outside);
        Files.delete(recipe.resolve("reference-good-1.png"));
        Files.createSymbolicLink(recipe.resolve("reference-good-1.png"), outside);

        ProfileException load = assertThrows(ProfileException.class, () -> LoadedProfile.fromRecipeFolder(recipe));
        assertTrue(load.getMessage().contains("reference image reference-good-1.png lies outside the recipe folder "
                + recipe.toRealPath() + " (it leads to " + outside.toRealPath() + ")"), load.getMessage());
        assertTrue(load.getMessage().contains("Copy the image into the recipe folder"), load.getMessage());
        ProfileDocument document = PromptProfiles.fromJson(Files.readString(recipe.resolve(PromptProfiles.FILE_NAME)), "t");
        assertThrows(ProfileException.class, () -> PromptProfiles.recordImageHashes(document, recipe),
                "saving a version does not hash the outside file either");
    }

    @Test
    void aSymbolicLinkToAnImageInsideTheRecipeFolderIsFine() throws Exception {
        Path recipe = copyOfTheDemoRecipe();
        Path images = Files.createDirectories(recipe.resolve("images"));
        Files.move(recipe.resolve("reference-good-2.png"), images.resolve("good.png"));
        Files.createSymbolicLink(recipe.resolve("reference-good-2.png"), images.resolve("good.png"));
        assertEquals(2, LoadedProfile.fromRecipeFolder(recipe).references().size());
    }

    @Test
    void aReferenceImageWhoseHeaderClaimsAHugeSizeIsRefusedBeforeDecoding() throws Exception {
        Path recipe = copyOfTheDemoRecipe();
        Path huge = recipe.resolve("reference-good-1.png");
        Files.write(huge, Pngs.withSize(Files.readAllBytes(huge), 60000, 60000));
        Path file = recipe.resolve(PromptProfiles.FILE_NAME);
        ProfileDocument document = PromptProfiles.recordImageHashes(
                PromptProfiles.fromJson(Files.readString(file), file.toString()), recipe);

        ProfileException e = assertThrows(ProfileException.class, () -> LoadedProfile.load(document, recipe));
        assertTrue(e.getMessage().contains("Reference image " + huge.toRealPath() + " is refused: its header says "
                + "60000×60000 pixels, more than the 100 megapixels Kensa reads"), e.getMessage());
        assertTrue(e.getMessage().contains("of at most 100 megapixels"), e.getMessage());
    }

    @Test
    void aTruncatedReferenceImageIsAClearError() throws Exception {
        Path recipe = copyOfTheDemoRecipe();
        Path cut = recipe.resolve("reference-good-2.png");
        byte[] png = Files.readAllBytes(cut);
        Files.write(cut, Arrays.copyOf(png, png.length / 3));
        Path file = recipe.resolve(PromptProfiles.FILE_NAME);
        ProfileDocument document = PromptProfiles.recordImageHashes(
                PromptProfiles.fromJson(Files.readString(file), file.toString()), recipe);
        ProfileException e = assertThrows(ProfileException.class, () -> LoadedProfile.load(document, recipe));
        assertTrue(e.getMessage().startsWith("Cannot decode reference image " + cut.toRealPath()), e.getMessage());
        assertTrue(e.getMessage().contains("Replace it with a photo of a good part"), e.getMessage());
    }

    private Path copyOfTheDemoRecipe() throws Exception {
        Path recipe = dir.resolve("bottle");
        Files.createDirectories(recipe);
        try (Stream<Path> files = Files.list(Demo.recipe())) {
            for (Path f : files.toList()) {
                Files.copy(f, recipe.resolve(f.getFileName()));
            }
        }
        return recipe;
    }

    private void assertProblem(String classesJson, String expected) {
        ProfileException e = assertThrows(ProfileException.class,
                () -> PromptProfiles.fromJson(json(classesJson, "[\"good.png\"]"), "t.json"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static String classes(String name, String severity) {
        return "\"anomalyClasses\": [" + cls(name, severity);
    }

    private static String cls(String name, String severity) {
        return "{\"name\":\"" + name + "\",\"definition\":\"d\",\"distinguishFrom\":\"\",\"defaultSeverity\":\"" + severity + "\"}";
    }

    private static String json(String classesJson, String refs) {
        return "{\"name\":\"t\",\"version\":1,\"normalDescription\":\"nd\",\"classificationStrategy\":\"cs\","
                + classesJson + ",\"referenceImages\":" + refs + "}";
    }
}
