package io.kensa.inspect;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.config.KensaHome;
import io.kensa.model.Operator;
import io.kensa.model.PermissionDeniedException;
import io.kensa.model.Role;
import io.kensa.recipe.RecipeException;
import io.kensa.recipe.RecipeVersion;
import io.kensa.recipe.RecipeWorkspace;
import io.kensa.recipe.Recipes;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeVersionsTest {
    static final Operator QA = new Operator("q.ueda", "Quinn Ueda", Role.QA_ENGINEER);
    private static final Instant NOW = Instant.parse("2026-12-07T14:02:00Z");

    @TempDir
    Path folder;
    private KensaHome home;
    private Database database;
    private InspectionStore store;
    private RecipeVersions versions;

    @BeforeEach
    void open() throws Exception {
        home = new KensaHome(folder);
        DecisionLogs.fill(home, List.of("good"), 2, 0); // two inspections of recipe bottle on record
        database = Database.openFile(home.database());
        store = InspectionStore.open(database, home.images(), "station-1");
        versions = new RecipeVersions(new RecipeWorkspace(home), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void close() {
        store.close();
        database.close();
    }

    @Test
    void publishingNamesTheOperatorTheTimeAndTheComment() throws Exception {
        versions.editDraft(QA, Recipes.DEMO, Map.of("gate.bandBelowThreshold", 0.1), Map.of());

        versions.publish(QA, Recipes.DEMO, "explain near misses too");

        RecipeVersion live = versions.history(Recipes.DEMO).get(1);
        assertTrue(live.live());
        assertEquals("bottle v2 (published by Quinn Ueda 2026-12-07 14:02)", live.label(ZoneOffset.UTC));
        assertEquals("explain near misses too", live.publication().orElseThrow().comment());
        assertEquals(0.1, new Recipes(home).load(Recipes.DEMO).gate().bandBelowThreshold());
    }

    @Test
    void anInspectorMayNeitherEditNorPublishNorRollBack() throws Exception {
        Operator inspector = DecisionLogs.INSPECTOR;
        PermissionDeniedException edit = assertThrows(PermissionDeniedException.class,
                () -> versions.editDraft(inspector, Recipes.DEMO, Map.of("detector.tile", 512), Map.of()));
        assertTrue(edit.getMessage().contains("Aiko Sato (a.sato, inspector) may not edit recipes"), edit.getMessage());
        assertThrows(PermissionDeniedException.class, () -> versions.publish(inspector, Recipes.DEMO, "go"));
        assertThrows(PermissionDeniedException.class, () -> versions.rollback(inspector, Recipes.DEMO, 1, "back"));
        assertThrows(PermissionDeniedException.class, () -> versions.duplicate(inspector, Recipes.DEMO, "copy"));
        assertFalse(versions.hasDraft(Recipes.DEMO));
        assertEquals(List.of(Recipes.DEMO), versions.names());
    }

    @Test
    void aPublicationNeedsACommentAndAUsableProfile() throws Exception {
        versions.editDraft(QA, Recipes.DEMO, Map.of("detector.tile", 512), Map.of());
        RecipeException silent = assertThrows(RecipeException.class, () -> versions.publish(QA, Recipes.DEMO, " "));
        assertTrue(silent.getMessage().startsWith("Say why in a comment"), silent.getMessage());

        versions.editDraft(QA, Recipes.DEMO, Map.of(), Map.of("prompt-profile.json",
                "{\"name\":\"bottle\",\"anomalyClasses\":[]}".getBytes(StandardCharsets.UTF_8)));
        RecipeException unusable = assertThrows(RecipeException.class, () -> versions.publish(QA, Recipes.DEMO, "tiles"));
        assertTrue(unusable.getMessage().contains("prompt profile is not usable")
                && unusable.getMessage().contains("no anomaly classes"), unusable.getMessage());
        assertEquals(1, new Recipes(home).load(Recipes.DEMO).version(), "the line still runs v1");
    }

    @Test
    void aRecipeTheRecordNamesKeepsItsNameAndAnUnusedOneIsRenamed() throws Exception {
        versions.editDraft(QA, Recipes.DEMO, Map.of("detector.tile", 512), Map.of());
        versions.publish(QA, Recipes.DEMO, "tiles for small chips");
        RecipeException named = assertThrows(RecipeException.class, () -> versions.rename(QA, Recipes.DEMO, "flask", store));
        assertTrue(named.getMessage().contains("named by 2 inspections") && named.getMessage().contains("Duplicate it as flask"),
                named.getMessage());

        versions.duplicate(QA, Recipes.DEMO, "flask-draft");
        versions.rename(QA, "flask-draft", "flask", store);

        assertEquals(List.of(Recipes.DEMO, "flask"), versions.names());
        assertEquals(512, new Recipes(home).load("flask").detector().tile());
        assertTrue(Files.isDirectory(home.recipes().resolve("flask/versions/v1")));
    }
}
