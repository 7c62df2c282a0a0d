package io.kensa.recipe;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kensa.config.ShippedResources;
import io.kensa.util.Hashes;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeWorkspaceTest {
    private static final Instant AT = Instant.parse("2026-12-07T14:02:00Z");
    private static final Publication QUINN = new Publication("q.ueda", "Quinn Ueda", AT, "tighter alarms", Optional.empty());

    @TempDir
    Path station;
    private RecipeWorkspace workspace;
    private Path shipped;

    @BeforeEach
    void openWorkspace() {
        workspace = new RecipeWorkspace(List.of(station, ShippedResources.resolve("recipes")));
        shipped = ShippedResources.resolve("recipes").resolve(Recipes.DEMO);
    }

    @Test
    void draftEditsReachTheLineOnlyWhenPublishedWithAuthorAndComment() throws Exception {
        String shippedText = Files.readString(shipped.resolve("recipe.json"));

        Recipe draft = workspace.editDraft("bottle", Map.of("detector.falseAlarmRate", 0.02), Map.of());

        assertEquals(0.02, draft.detector().falseAlarmRate());
        assertEquals(0.05, workspace.live("bottle").detector().falseAlarmRate(), "the line keeps the published version");
        assertEquals(List.of(new RecipeDiff.Change("detector.falseAlarmRate", "0.05", "0.02")),
                workspace.diffDraft("bottle").changes());

        Recipe published = workspace.publish("bottle", QUINN);

        assertEquals(2, published.version());
        assertEquals(0.02, workspace.live("bottle").detector().falseAlarmRate());
        assertEquals(station.resolve("bottle").toAbsolutePath(), published.folder(), "a shipped recipe is published as the station's copy");
        assertTrue(Files.isRegularFile(published.promptProfile()), "its files come along");
        assertEquals(shippedText, Files.readString(shipped.resolve("recipe.json")), "the shipped recipe stays as installed");
        assertFalse(workspace.hasDraft("bottle"), "the draft became the version");
        List<RecipeVersion> history = workspace.history("bottle");
        assertEquals(List.of(1, 2), history.stream().map(RecipeVersion::number).toList());
        assertEquals(Optional.empty(), history.get(0).publication(), "the shipped version names no author");
        assertEquals(Optional.of(QUINN), history.get(1).publication());
        assertTrue(history.get(1).live() && !history.get(0).live());
        assertEquals("bottle v2 (published by Quinn Ueda 2026-12-07 14:02)",
                workspace.liveVersion(published).label(java.time.ZoneOffset.UTC));
        assertEquals(List.of("bottle"), workspace.names(), "versions and drafts are not recipes");
    }

    @Test
    void publishingIsRefusedWithoutADraftForAnUnchangedDraftAndForAnIncompleteOne() throws Exception {
        RecipeException none = assertThrows(RecipeException.class, () -> workspace.publish("bottle", QUINN));
        assertTrue(none.getMessage().contains("has no draft to publish"), none.getMessage());

        workspace.draft("bottle");
        RecipeException unchanged = assertThrows(RecipeException.class, () -> workspace.publish("bottle", QUINN));
        assertTrue(unchanged.getMessage().contains("same as the live v1: nothing to publish"), unchanged.getMessage());

        workspace.editDraft("bottle", Map.of("promptProfile", "profile-not-there.json"), Map.of());
        RecipeException incomplete = assertThrows(RecipeException.class, () -> workspace.publish("bottle", QUINN));
        assertTrue(incomplete.getMessage().contains("not complete") && incomplete.getMessage().contains("profile-not-there.json"),
                incomplete.getMessage());
        assertEquals(1, workspace.live("bottle").version(), "nothing reached the line");
        assertFalse(Files.exists(station.resolve("bottle/recipe.json")));
    }

    @Test
    void anEditThatMakesTheDraftUnreadableIsRefusedAndTheDraftKept() throws Exception {
        workspace.editDraft("bottle", Map.of("detector.coreset", 0.2), Map.of());
        RecipeException refused = assertThrows(RecipeException.class,
                () -> workspace.editDraft("bottle", Map.of("detector.coreset", "lots"), Map.of()));
        assertTrue(refused.getMessage().contains("was not changed") && refused.getMessage().contains("'coreset' must be a number"),
                refused.getMessage());
        assertEquals(0.2, workspace.draft("bottle").detector().coreset());
    }

    @Test
    void rollbackPublishesACopyOfTheOldVersionAsTheNextKeepingTheHistory() throws Exception {
        byte[] originalProfile = Files.readAllBytes(shipped.resolve("prompt-profile.json"));
        String changedProfile = new String(originalProfile, StandardCharsets.UTF_8).replace("A glass bottle", "A bottle");
        workspace.editDraft("bottle", Map.of("gate.bandBelowThreshold", 0.1, "camera", Map.of("width", "640")),
                Map.of("prompt-profile.json", changedProfile.getBytes(StandardCharsets.UTF_8)));
        workspace.publish("bottle", QUINN);

        RecipeDiff v1v2 = workspace.diff("bottle", 1, 2);
        assertEquals(List.of(new RecipeDiff.Change("camera.width", RecipeDiff.ABSENT, "640"),
                        new RecipeDiff.Change("gate.bandBelowThreshold", "0.0", "0.1"),
                        new RecipeDiff.Change("file prompt-profile.json",
                                "sha256 " + Hashes.sha256Hex(originalProfile).substring(0, 12),
                                "sha256 " + Hashes.sha256Hex(changedProfile).substring(0, 12))),
                v1v2.changes());
        assertTrue(v1v2.toText().contains("gate.bandBelowThreshold  0.0 → 0.1"), v1v2.toText());

        Publication back = new Publication("q.ueda", "Quinn Ueda", AT.plusSeconds(60), "band let too many through", Optional.empty());
        Recipe rolledBack = workspace.rollback("bottle", 1, back);

        assertEquals(3, rolledBack.version());
        assertEquals(0.0, rolledBack.gate().bandBelowThreshold());
        assertEquals(Map.of(), rolledBack.camera());
        assertArrayEquals(originalProfile, Files.readAllBytes(rolledBack.promptProfile()), "the old version's files come back");
        assertTrue(workspace.diff("bottle", 1, 3).isEmpty(), workspace.diff("bottle", 1, 3).toText());
        List<RecipeVersion> history = workspace.history("bottle");
        assertEquals(List.of(1, 2, 3), history.stream().map(RecipeVersion::number).toList(), "history is never rewritten");
        assertEquals(Optional.of("rollback to v1"), history.get(2).publication().orElseThrow().origin());
        assertEquals("band let too many through", history.get(2).publication().orElseThrow().comment());
        assertEquals(0.1, Recipes.read(station.resolve("bottle/versions/v2/recipe.json")).gate().bandBelowThreshold(),
                "v2 stays readable, whole");
        RecipeException current = assertThrows(RecipeException.class, () -> workspace.rollback("bottle", 3, back));
        assertTrue(current.getMessage().contains("already live"), current.getMessage());
        RecipeException missing = assertThrows(RecipeException.class, () -> workspace.diff("bottle", 1, 9));
        assertTrue(missing.getMessage().contains("has no version 9: its versions are [1, 2, 3]"), missing.getMessage());
    }

    @Test
    void aDraftStartedBeforeTheLineMovedOnIsNotPublishedOverThatVersion() throws Exception {
        workspace.editDraft("bottle", Map.of("camera", Map.of("gain", "2")), Map.of());
        workspace.publish("bottle", QUINN); // v2
        workspace.editDraft("bottle", Map.of("detector.tile", 512), Map.of());
        workspace.rollback("bottle", 1, QUINN); // v3, while the draft from v2 is open

        RecipeException refused = assertThrows(RecipeException.class, () -> workspace.publish("bottle", QUINN));
        assertTrue(refused.getMessage().contains("started from v2, but the line now runs v3"), refused.getMessage());
        assertEquals(Map.of(), workspace.live("bottle").camera());

        workspace.discardDraft("bottle");
        assertFalse(workspace.hasDraft("bottle"));
        assertEquals(3, workspace.draft("bottle").version(), "a new draft starts from the live version");
    }

    @Test
    void aNewRecipeStartsFromTheTemplateWithReferenceImagesFromItsGoodParts() throws Exception {
        Path good = ShippedResources.resolve("demo/bottle/train/good");
        RecipeTemplate template = new RecipeTemplate("cap-line2", "Caps, line 2", "usb:0", "mobilenet_v2_imagenet", good, "bottle");

        Recipe created = workspace.create(template, QUINN);

        assertEquals("cap-line2", created.name());
        assertEquals(1, created.version());
        assertEquals("Caps, line 2", created.title());
        assertEquals("usb:0", created.source());
        assertEquals(good.toAbsolutePath().normalize(), created.detector().trainImages());
        assertEquals(Optional.empty(), created.classifier(), "a classifier is trained for the new part later");
        assertEquals(List.of(), RecipeWorkspace.problems(created.folder().resolve("recipe.json")));
        JsonNode profile = new ObjectMapper().readTree(created.promptProfile().toFile());
        assertEquals("cap-line2", profile.path("name").asText());
        Path firstGood = good.resolve("000.png");
        assertEquals(Hashes.sha256Hex(firstGood), profile.path("referenceImageSha256").path("reference-good-1.png").asText());
        assertArrayEquals(Files.readAllBytes(firstGood), Files.readAllBytes(created.folder().resolve("reference-good-1.png")));
        assertTrue(workspace.history("cap-line2").get(0).publication().orElseThrow().origin().orElseThrow()
                .startsWith("new recipe from " + good.toAbsolutePath().normalize()));
        assertEquals(List.of("bottle", "cap-line2"), workspace.names());

        RecipeException taken = assertThrows(RecipeException.class, () -> workspace.create(template, QUINN));
        assertTrue(taken.getMessage().contains("already a recipe named cap-line2"), taken.getMessage());
        RecipeException badName = assertThrows(RecipeException.class, () -> workspace.create(
                new RecipeTemplate("Caps Line 2", "", "usb:0", "mobilenet_v2_imagenet", good, "bottle"), QUINN));
        assertTrue(badName.getMessage().contains("lower-case letters"), badName.getMessage());
        RecipeException noImages = assertThrows(RecipeException.class, () -> workspace.create(
                new RecipeTemplate("caps", "", "usb:0", "mobilenet_v2_imagenet", station.resolve("nowhere"), "bottle"), QUINN));
        assertTrue(noImages.getMessage().contains("does not exist"), noImages.getMessage());
    }

    /**
     * recipe.json written from bound records keeps the order and shape the hand-built trees wrote (older stations and
     * the diff read the same fields), and a publication written reads back as it was.
     */
    @Test
    void writtenRecipesKeepTheirFileFormatAndPublicationsRoundTrip() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Path good = ShippedResources.resolve("demo/bottle/train/good");
        Recipe created = workspace.create(new RecipeTemplate("cap-line2", "", "usb:0", "mobilenet_v2_imagenet", good,
                "bottle"), QUINN);

        JsonNode recipe = json.readTree(created.folder().resolve("recipe.json").toFile());
        assertEquals(List.of("name", "version", "title", "source", "detector", "promptProfile", "gate", "camera",
                "published"), fieldNames(recipe));
        assertEquals(List.of("backbone", "model", "trainImages", "inputSize", "tile", "coreset", "falseAlarmRate",
                "device"), fieldNames(recipe.get("detector")), "the base recipe's settings follow the new ones");
        assertEquals("cap-line2", recipe.get("title").asText(), "no title: the name");
        assertEquals(json.readTree("{\"bandBelowThreshold\": 0.0, \"queueCapacity\": 20}"), recipe.get("gate"));
        assertTrue(recipe.get("camera").isObject() && recipe.get("camera").isEmpty(), recipe.toString());
        assertEquals(List.of("by", "byName", "at", "comment", "origin"), fieldNames(recipe.get("published")));
        assertEquals("2026-12-07T14:02:00Z", recipe.get("published").get("at").asText());
        JsonNode shippedProfile = json.readTree(shipped.resolve("prompt-profile.json").toFile());
        JsonNode profile = json.readTree(created.promptProfile().toFile());
        assertEquals(fieldNames(shippedProfile), fieldNames(profile), "the profile keeps its fields in their places");
        assertEquals(List.of("reference-good-1.png", "reference-good-2.png"),
                json.convertValue(profile.get("referenceImages"), List.class));

        workspace.editDraft("bottle", Map.of("detector.falseAlarmRate", 0.02), Map.of());
        workspace.publish("bottle", QUINN);
        JsonNode published = json.readTree(station.resolve("bottle/recipe.json").toFile()).get("published");
        assertEquals(List.of("by", "byName", "at", "comment"), fieldNames(published), "no origin, no field");
        assertEquals(Optional.of(QUINN), workspace.history("bottle").get(1).publication());
        assertEquals(Optional.empty(), workspace.history("bottle").get(0).publication(),
                "the shipped version, which names nobody, still reads");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aDuplicateCopiesEveryFileAsVersionOneAndNotesItsOrigin() throws Exception {
        Recipe copy = workspace.duplicate("bottle", "bottle-line3", QUINN);

        assertEquals(1, copy.version());
        assertEquals("bottle-line3", copy.name());
        RecipeDiff fromOriginal = workspaceDiffAcross(copy);
        assertEquals(List.of(), fromOriginal.changes(), fromOriginal.toText());
        assertArrayEquals(Files.readAllBytes(shipped.resolve("classifier.json")),
                Files.readAllBytes(copy.classifier().orElseThrow().file()));
        assertEquals("bottle-line3", new ObjectMapper().readTree(copy.promptProfile().toFile()).path("name").asText(),
                "the copy's prompt profile has its own versions");
        assertEquals(Optional.of("duplicate of bottle v1"),
                workspace.history("bottle-line3").get(0).publication().orElseThrow().origin());
    }

    /** The copy's fields against the original's, the name and the renamed profile aside. */
    private RecipeDiff workspaceDiffAcross(Recipe copy) throws Exception {
        Recipe original = workspace.live("bottle");
        assertEquals(original.source(), copy.source());
        assertEquals(original.detector(), copy.detector());
        assertEquals(original.gate(), copy.gate());
        List<RecipeDiff.Change> files = new java.util.ArrayList<>();
        for (String f : List.of("reference-good-1.png", "reference-good-2.png", "README.md")) {
            if (!Hashes.sha256Hex(shipped.resolve(f)).equals(Hashes.sha256Hex(copy.folder().resolve(f)))) {
                files.add(new RecipeDiff.Change("file " + f, "", ""));
            }
        }
        return new RecipeDiff("bottle", "bottle", "bottle-line3", files);
    }

    @Test
    void aStationRecipeIsRenamedWithItsHistoryAndAShippedOneIsNot() throws Exception {
        workspace.duplicate("bottle", "line4", QUINN);
        workspace.editDraft("line4", Map.of("detector.tile", 384), Map.of());
        workspace.publish("line4", QUINN);
        workspace.editDraft("line4", Map.of("detector.tile", 512), Map.of());

        Recipe renamed = workspace.rename("line4", "line5");

        assertEquals("line5", renamed.name());
        assertEquals(2, renamed.version());
        assertEquals(List.of("bottle", "line5"), workspace.names());
        assertEquals(List.of(1, 2), workspace.history("line5").stream().map(RecipeVersion::number).toList());
        assertEquals("line5", Recipes.read(station.resolve("line5/versions/v1/recipe.json")).name());
        assertEquals(512, workspace.draft("line5").detector().tile(), "the draft moves with it");
        assertEquals("line5", workspace.draft("line5").name());

        RecipeException shippedOne = assertThrows(RecipeException.class, () -> workspace.rename("bottle", "flask"));
        assertTrue(shippedOne.getMessage().contains("duplicate it under the new name instead"), shippedOne.getMessage());
    }
}
