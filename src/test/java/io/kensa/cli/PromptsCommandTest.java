package io.kensa.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import io.kensa.inspect.MarkedSet;
import io.kensa.llm.FakeChatServer;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.PromptPart;
import io.kensa.llm.PromptProfile;
import io.kensa.llm.PromptProfiles;
import io.kensa.store.AccountStore;
import io.kensa.model.DecisionInput;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kensa prompts evaluate | export | import} on the demo recipe, an H2 file database in a temp folder. */
class PromptsCommandTest {
    @TempDir
    Path temp;

    private static CliRun prompts(String... args) {
        return CliRun.run(new PromptsCommand(), args);
    }

    private Path recipeCopy() throws Exception {
        Path folder = temp.resolve("recipes/bottle");
        Files.createDirectories(folder);
        try (Stream<Path> files = Files.list(ShippedResources.resolve("recipes/bottle"))) {
            for (Path f : files.toList()) {
                Files.copy(f, folder.resolve(f.getFileName()));
            }
        }
        return folder;
    }

    @Test
    void evaluatesTheDemoProfileOfflineAsJson() throws Exception {
        CliRun r = prompts("evaluate", "--recipe", ShippedResources.resolve("recipes/bottle").toString(), "--home",
                temp.resolve("home").toString(), "--data", ShippedResources.demoBottle().toString(), "--offline", "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(63, json.path("images").asInt());
        assertEquals(50 / 63.0, json.path("accuracy").asDouble(), 1e-9);
        assertEquals(3, json.path("classes").size());
        assertTrue(r.err().contains("[100%]"), "progress on stderr: " + r.err());
    }

    /** The marked set's server rule: everything right, except broken_large/000 without AD and contamination/000 in v1. */
    private static FakeChatServer.Reply answer(FakeChatServer.Received r) {
        int index = MarkedSet.index(r);
        boolean v2 = MarkedSet.prompt(r).contains("Look inside the opening first.");
        if (index == 0 && !MarkedSet.partsSent(r).contains(PromptPart.AD) || index == 4 && !v2) {
            return MarkedSet.answer("broken_small");
        }
        return MarkedSet.answer(MarkedSet.truth(index));
    }

    @Test
    void ablatesAndComparesVersionsAgainstALocalServerAndResumesFromTheCache() throws Exception {
        Path recipe = recipeCopy();
        String home = temp.resolve("home").toString();
        String data = MarkedSet.create(temp.resolve("set")).toString();
        try (FakeChatServer server = new FakeChatServer().answering(PromptsCommandTest::answer)) {
            CliRun r = prompts("evaluate", "--recipe", recipe.toString(), "--home", home, "--data", data,
                    "--endpoint", server.baseUrl(), "--model", "test-vision", "--ablate", "ad, cs", "--json");
            assertEquals(0, r.code(), r.err());
            assertEquals(18, server.received().size(), "three runs of six images");
            JsonNode json = new ObjectMapper().readTree(r.out());
            // v1 answers contamination/000 as broken_small: contamination recall 1/2
            assertEquals(5 / 6.0, json.path("macro_accuracy").asDouble(), 1e-9);
            assertTrue(json.has("kappa") && json.has("macro_f1") && json.has("three_class_accuracy"), r.out());
            assertEquals(4 / 6.0, json.path("ablation").path("AD").path("macro_accuracy").asDouble(), 1e-9);
            assertEquals(5 / 6.0, json.path("ablation").path("CS").path("macro_accuracy").asDouble(), 1e-9);
            assertTrue(r.err().contains("run 3/3") && r.err().contains("[100%]"), "progress on stderr: " + r.err());

            CliRun again = prompts("evaluate", "--recipe", recipe.toString(), "--home", home, "--data", data,
                    "--endpoint", server.baseUrl(), "--model", "test-vision", "--ablate", "AD,CS");
            assertEquals(0, again.code(), again.err());
            assertEquals(18, server.received().size(), "the rerun is answered from the cache");
            assertTrue(again.out().contains("without AD (anomaly descriptions)"), again.out());

            ProfileDocument v1 = PromptProfiles.read(recipe.resolve(PromptProfiles.FILE_NAME));
            PromptProfile p = v1.profile();
            Path edited = temp.resolve("v2.json");
            Files.writeString(edited, PromptProfiles.toJson(new ProfileDocument(new PromptProfile(p.name(), p.version(),
                    p.normalDescription(), p.anomalyClasses(), p.classificationStrategy() + " Look inside the opening first.",
                    p.referenceImages()), v1.offline())));
            assertEquals(0, prompts("export", "--recipe", recipe.toString(), "--home", home, "--out",
                    temp.resolve("v1.json").toString()).code());
            CliAccounts.create(home); // importing saves a version: a QA engineer signs in
            for (Path version : List.of(temp.resolve("v1.json"), edited)) {
                CliRun imported = CliAccounts.typing(CliAccounts.QA_PASSWORD, () -> prompts("import", version.toString(),
                        "--recipe", recipe.toString(), "--home", home, "--user", CliAccounts.QA));
                assertEquals(0, imported.code(), imported.err());
            }
            CliRun compare = prompts("evaluate", "--recipe", recipe.toString(), "--home", home, "--data", data,
                    "--endpoint", server.baseUrl(), "--model", "test-vision", "--compare", "1,2");
            assertEquals(0, compare.code(), compare.err());
            assertTrue(compare.out().contains("Profile bottle v1 → v2 on 6 images"), compare.out());
            assertTrue(compare.out().lines().anyMatch(l -> l.startsWith("contamination/000.png")
                    && l.contains("broken_small") && l.endsWith("fixed")), compare.out());

            CliRun bad = prompts("evaluate", "--recipe", recipe.toString(), "--home", home, "--data", data,
                    "--endpoint", server.baseUrl(), "--model", "test-vision", "--ablate", "RI,XX");
            assertEquals(1, bad.code());
            assertTrue(bad.err().contains("'XX' is not a prompt part"), bad.err());
            CliRun offline = prompts("evaluate", "--recipe", recipe.toString(), "--home", home, "--data", data,
                    "--offline", "--ablate", "RI");
            assertEquals(1, offline.code());
            assertTrue(offline.err().contains("--ablate needs an LLM endpoint"), offline.err());
        }
    }

    @Test
    void evaluatesOnTheDecisionLogWithTheInspectorsClassesAsTruth() throws Exception {
        Path recipe = recipeCopy();
        KensaHome home = new KensaHome(temp.resolve("home"));
        Path set = MarkedSet.create(temp.resolve("set"));
        Operator lee = new Operator("q.lee", "Quinn Lee", Role.INSPECTOR);
        try (Database db = Database.openFile(home.database());
             InspectionStore log = InspectionStore.open(db, home.images(), "station-1")) {
            for (int i = 0; i < MarkedSet.IMAGES.size(); i++) { // contamination/001 (5) stays undecided
                if (i < 5) {
                    log.recordDecision(MarkedSet.record(log, set, i, Instant.now()), DecisionInput.accept(
                            MarkedSet.truth(i), Severity.DEFECT, lee, Optional.empty()));
                }
            }
        }
        try (FakeChatServer server = new FakeChatServer().answering(PromptsCommandTest::answer)) {
            CliRun r = prompts("evaluate", "--recipe", recipe.toString(), "--home", temp.resolve("home").toString(),
                    "--from-log", "recipe=bottle", "--endpoint", server.baseUrl(), "--model", "test-vision",
                    "--ablate", "AD", "--json");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("Decision log: 5 decided inspections, 5 used"), r.err());
            assertEquals(10, server.received().size(), "the five decided images, whole and without AD");
            JsonNode json = new ObjectMapper().readTree(r.out());
            // contamination/000 answered broken_small by v1: contamination recall 0/1, the other classes right
            assertEquals(2 / 3.0, json.path("macro_accuracy").asDouble(), 1e-9);
            assertTrue(json.path("ablation").has("AD"), r.out());

            CliRun none = prompts("evaluate", "--recipe", recipe.toString(), "--home", temp.resolve("home").toString(),
                    "--from-log", "class=scratch", "--endpoint", server.baseUrl(), "--model", "test-vision");
            assertEquals(1, none.code());
            assertTrue(none.err().contains("has no usable decided image"), none.err());
            assertEquals(10, server.received().size());
        }
    }

    @Test
    void importStoresANewVersionAndExportReadsAnyVersion() throws Exception {
        Path recipe = recipeCopy();
        String home = temp.resolve("home").toString();
        Path exported = temp.resolve("exported.json");
        CliRun export = prompts("export", "--recipe", recipe.toString(), "--home", home, "--out", exported.toString());
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains("bottle v1"), export.out());

        ProfileDocument v1 = PromptProfiles.fromJson(Files.readString(exported), exported.toString());
        PromptProfile p = v1.profile();
        ProfileDocument edited = new ProfileDocument(new PromptProfile(p.name(), p.version(),
                p.normalDescription() + " Labels are never present.", p.anomalyClasses(), p.classificationStrategy(),
                p.referenceImages()), v1.offline());
        Path editedFile = temp.resolve("edited.json");
        Files.writeString(editedFile, PromptProfiles.toJson(edited));

        CliAccounts.create(home);
        CliRun inspector = CliAccounts.typing(CliAccounts.INSPECTOR_PASSWORD, () -> prompts("import",
                editedFile.toString(), "--recipe", recipe.toString(), "--home", home, "--user", CliAccounts.INSPECTOR));
        assertEquals(1, inspector.code());
        assertTrue(inspector.err().contains("Ichiro Ito (i.ito, inspector) may not publish versions to the line"),
                inspector.err());
        CliRun imported = CliAccounts.typing(CliAccounts.QA_PASSWORD, () -> prompts("import", editedFile.toString(),
                "--recipe", recipe.toString(), "--home", home, "--user", CliAccounts.QA));
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("Stored prompt profile bottle v2 by Quinn Lee (q.lee, qa_engineer), signed"),
                imported.out());
        try (Database db = Database.openExistingFile(temp.resolve("home").resolve("db"))) {
            List<AccountStore.SignatureRow> signatures = new AccountStore(db, temp.resolve("home")).signatures();
            assertEquals(1, signatures.size());
            assertEquals("published", signatures.get(0).meaning());
            assertEquals("prompt profile bottle v2", signatures.get(0).subject());
            assertEquals(CliAccounts.QA, signatures.get(0).signer().id());
        }
        ProfileDocument inRecipe = PromptProfiles.read(recipe.resolve(PromptProfiles.FILE_NAME));
        assertEquals(2, inRecipe.version(), "the recipe file now holds the new version");
        assertTrue(inRecipe.profile().normalDescription().endsWith("Labels are never present."));

        CliRun old = prompts("export", "--recipe", recipe.toString(), "--home", home, "--version", "1", "--out",
                temp.resolve("v1.json").toString());
        assertEquals(0, old.code(), old.err());
        assertEquals(p.normalDescription(), PromptProfiles.fromJson(Files.readString(temp.resolve("v1.json")), "v1")
                .profile().normalDescription(), "version 1 stays readable unchanged");

        CliRun again = CliAccounts.typing(CliAccounts.QA_PASSWORD, () -> prompts("import", editedFile.toString(),
                "--recipe", recipe.toString(), "--home", home, "--user", CliAccounts.QA));
        assertTrue(again.out().contains("No change"), again.out());

        CliRun missing = prompts("export", "--recipe", recipe.toString(), "--home", home, "--version", "9", "--out",
                temp.resolve("v9.json").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("has no version 9"), missing.err());
    }

    @Test
    void importRejectsAnInvalidProfileWithEveryProblemNamed() throws Exception {
        Path recipe = recipeCopy();
        String json = Files.readString(recipe.resolve(PromptProfiles.FILE_NAME)).replace("\"broken_small\"", "\"broken_large\"");
        Path bad = temp.resolve("bad.json");
        Files.writeString(bad, json);
        CliRun r = prompts("import", bad.toString(), "--recipe", recipe.toString(), "--home", temp.resolve("home").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("'broken_large' is used twice"), r.err());
    }
}
