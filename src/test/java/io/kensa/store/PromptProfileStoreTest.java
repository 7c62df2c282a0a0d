package io.kensa.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import io.kensa.llm.AnomalyClass;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.PromptProfile;
import io.kensa.llm.PromptProfiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Versioned prompt profiles in a real H2 file database. */
class PromptProfileStoreTest {
    @TempDir
    Path dir;

    private static ProfileDocument bottle() throws Exception {
        return PromptProfiles.read(ShippedResources.resolve("recipes/bottle/" + PromptProfiles.FILE_NAME));
    }

    private static ProfileDocument edited(ProfileDocument d, String strategy) {
        PromptProfile p = d.profile();
        return new ProfileDocument(new PromptProfile(p.name(), p.version(), p.normalDescription(), p.anomalyClasses(),
                strategy, p.referenceImages()), d.offline());
    }

    @Test
    void editingAddsVersionsAndOldOnesStayReadable() throws Exception {
        ProfileDocument original = bottle();
        try (Database db = Database.openFile(dir)) {
            PromptProfileStore store = new PromptProfileStore(db, dir);
            ProfileDocument v1 = store.save(original, "qa-anna");
            assertEquals(1, v1.version());
            assertEquals(v1, store.save(original, "qa-anna"), "an unchanged save adds no version");
            ProfileDocument v2 = store.save(edited(original, "Look at the rim first."), "qa-ben");
            assertEquals(2, v2.version());

            assertEquals("Look at the rim first.", store.latest("bottle").orElseThrow().profile().classificationStrategy());
            assertEquals(original.profile().classificationStrategy(),
                    store.version("bottle", 1).orElseThrow().profile().classificationStrategy());
            List<PromptProfileStore.Version> versions = store.versions("bottle");
            assertEquals(List.of(1, 2), versions.stream().map(PromptProfileStore.Version::version).toList());
            assertEquals("qa-ben", versions.get(1).author());
            assertEquals(List.of("bottle"), store.names());
            assertTrue(store.latest("missing").isEmpty());
        }
        try (Database reopened = Database.openFile(dir)) {
            assertEquals(2, new PromptProfileStore(reopened, dir).latest("bottle").orElseThrow().version(), "survives a restart");
        }
    }

    @Test
    void aVersionChangedInTheDatabaseBehindKensasBackIsRefusedNamingIt() throws Exception {
        try (Database db = Database.openFile(dir)) {
            PromptProfileStore store = new PromptProfileStore(db, dir);
            store.save(bottle(), "qa");
            store.save(edited(bottle(), "Look at the rim first."), "qa");
            try (Connection c = db.connect();
                 PreparedStatement edit = c.prepareStatement("UPDATE prompt_profile_version SET document = "
                         + "REPLACE(document, 'answer contamination', 'answer broken_small') WHERE version = 1")) {
                assertEquals(1, edit.executeUpdate());
            }
            StoreException e = assertThrows(StoreException.class, () -> store.version("bottle", 1));
            assertTrue(e.getMessage().contains("prompt profile 'bottle' v1 was changed in the database"), e.getMessage());
            assertEquals(2, store.latest("bottle").orElseThrow().version(), "untouched versions stay readable");
        }
    }

    @Test
    void importExportRoundTripThroughTheStore() throws Exception {
        ProfileDocument original = bottle();
        List<AnomalyClass> classes = new ArrayList<>(original.profile().anomalyClasses());
        try (Database db = Database.openFile(dir)) {
            PromptProfileStore store = new PromptProfileStore(db, dir);
            ProfileDocument saved = store.save(original, "qa");
            Path exported = dir.resolve("export/prompt-profile.json");
            PromptProfiles.write(store.latest("bottle").orElseThrow(), exported);
            ProfileDocument imported = PromptProfiles.fromJson(java.nio.file.Files.readString(exported), exported.toString());
            assertEquals(saved, imported);
            assertEquals(classes, imported.profile().anomalyClasses());
        }
    }
}
