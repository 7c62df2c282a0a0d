package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.kensa.config.ShippedResources;
import io.kensa.inspect.DecisionLogs;
import io.kensa.inspect.PromptWorkbench;
import io.kensa.inspect.ReferenceSources;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explainers;
import io.kensa.llm.FakeChatServer;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.OutgoingRequest;
import io.kensa.llm.ProfileDiff;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.PromptProfiles;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.store.PromptProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prompts screen's behaviour without a screen: a copy of the demo recipe, an H2 file database in a temp folder,
 * the offline explainer (or a real HTTP server speaking the chat protocol), real background threads and one "fx"
 * thread on which every command runs and every property is read, as in the application.
 */
class PromptsViewModelTest {
    private static final Path BOTTLE = ShippedResources.demoBottle();
    private static final Path CONTAMINATION = BOTTLE.resolve("test/contamination/000.png");

    @TempDir
    Path temp;
    private Path recipe;
    private final AtomicReference<Path> recipeFolder = new AtomicReference<>();
    private Database database;
    private InspectionStore log;
    private PromptProfileStore store;
    private final AtomicReference<Explainer> explainer = new AtomicReference<>();
    private Explainer offline;
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final TestFxThread fx = new TestFxThread();
    private TestSignatures signatures;
    private final List<ProfileDocument> savedCalls = new CopyOnWriteArrayList<>();
    private PromptsViewModel vm;
    private String originalNd;

    @BeforeEach
    void start() throws Exception {
        recipe = copyOfDemoRecipe(temp.resolve("recipes/bottle"));
        recipeFolder.set(recipe);
        originalNd = PromptProfiles.read(recipe.resolve(PromptProfiles.FILE_NAME)).profile().normalDescription();
        database = Database.openFile(temp.resolve("db"));
        store = new PromptProfileStore(database, temp);
        offline = Explainers.create(LlmSettings.defaults(), Map.of(), temp);
        explainer.set(offline);
        signatures = TestSignatures.signedIn(DecisionLogs.QA, background, fx);
        log = InspectionStore.openForReading(database, temp.resolve("images"));
        vm = new PromptsViewModel(new PromptWorkbench(store, recipeFolder::get),
                new ReferenceSources(temp.resolve("snapshots"), log, () -> "bottle", () -> DecisionLogs.QA),
                explainer::get, signatures.vm, background, fx);
        fx.run(() -> vm.setOnSaved(savedCalls::add));
        fx.run(vm::start);
        await(() -> vm.name().get().equals("bottle") && vm.canSave().get());
    }

    @AfterEach
    void stop() throws Exception {
        fx.run(vm::close);
        background.shutdownNow();
        fx.shutdownNow();
        offline.close();
        log.close();
        database.close();
        signatures.close();
    }

    @Test
    void aVersionIsSavedOnlyWithTheSignatureAndCancellingSavesNothing() throws Exception {
        fx.run(() -> vm.normalDescription().set(vm.normalDescription().get() + " No label."));
        await(() -> vm.canSave().get());
        fx.run(vm::save);
        assertTrue(fx.get(() -> signatures.vm.asking().get()), "saving a version asks for the password again");
        assertFalse(fx.get(() -> vm.canSave().get()), "no second save while signing");
        fx.run(() -> signatures.vm.cancel());
        assertEquals("Not saved: Not signed: nothing was done.", fx.get(() -> vm.status().get()));
        assertTrue(fx.get(() -> vm.canSave().get()));
        assertTrue(store.versions("bottle").isEmpty(), "nothing was stored");
        assertEquals(List.of(), signatures.recorded());
    }

    @Test
    void startsWithTheRecipeProfileAsADraft() throws Exception {
        assertEquals("Editing a draft based on bottle v1", fx.get(() -> vm.mode().get()));
        assertEquals(originalNd, fx.get(() -> vm.normalDescription().get()));
        assertEquals(List.of("broken_large", "broken_small", "contamination"),
                fx.get(() -> vm.classes().stream().map(r -> r.name.get()).toList()));
        assertSame(fx.get(() -> vm.classes().get(0)), fx.get(() -> vm.selectedClass().get()), "the first class is selected");
        assertEquals(2, fx.get(() -> vm.references().size()));
        assertTrue(fx.get(() -> vm.problems().isEmpty()));
        assertFalse(fx.get(() -> vm.readOnly().get()));
        assertEquals(List.of("bottle"), fx.get(() -> List.copyOf(vm.profileNames())));
        assertEquals("bottle", fx.get(() -> vm.selectedProfile().get()));
        assertEquals(Optional.of(BOTTLE), fx.get(() -> vm.demoSet()));
        assertEquals("bottle.json", fx.get(() -> vm.exportFileName()));
    }

    @Test
    void savingAnEditAddsVersion2AndVersion1StillOpensUnchanged() throws Exception {
        fx.run(() -> vm.normalDescription().set(vm.normalDescription().get() + " No label."));
        await(() -> vm.canSave().get());
        save();
        await(() -> vm.versions().size() == 2);
        assertTrue(fx.get(() -> vm.status().get()).contains("Saved bottle v2"), fx.get(() -> vm.status().get()));
        assertEquals(PromptsViewModel.Tone.MUTED, fx.get(() -> vm.statusTone().get()));
        assertEquals(2, fx.get(() -> vm.versions().get(0).version()), "newest first");
        assertEquals("q.lee", fx.get(() -> vm.versions().get(0).author()), "the version names its author's id");
        assertTrue(PromptsViewModel.versionText(fx.get(() -> vm.versions().get(0))).startsWith("v2  ·  q.lee  ·  20"));
        assertTrue(PromptProfiles.read(recipe.resolve(PromptProfiles.FILE_NAME)).profile().normalDescription()
                .endsWith("No label."), "the recipe file holds v2, so the workstation does not bring v1 back");
        assertEquals(List.of(2), savedCalls.stream().map(ProfileDocument::version).toList(), "the window hears of the save");
        assertEquals("prompt profile bottle v2", signatures.recorded().get(0).subject(), "the new version is signed");
        assertEquals("Editing a draft based on bottle v2", fx.get(() -> vm.mode().get()));

        fx.run(() -> vm.open(vm.versions().get(1)));
        await(() -> vm.mode().get().contains("v1 — read-only"));
        assertEquals(originalNd, fx.get(() -> vm.normalDescription().get()), "version 1 is unchanged");
        assertTrue(fx.get(() -> vm.readOnly().get()));
        assertFalse(fx.get(() -> vm.canSave().get()), "a stored version cannot be saved over");
        assertTrue(fx.get(() -> vm.canBackToDraft().get()));
        assertEquals("Opened bottle v1 read-only.", fx.get(() -> vm.status().get()));
        assertEquals("bottle-v1.json", fx.get(() -> vm.exportFileName()));

        fx.run(() -> vm.compare(List.copyOf(vm.versions())));
        await(() -> !vm.diff().isEmpty());
        assertTrue(fx.get(() -> vm.diffTitle().get()).contains("bottle v1 → v2: 1 changed line(s)"), fx.get(() -> vm.diffTitle().get()));
        assertTrue(fx.get(() -> vm.diff().stream().anyMatch(l -> l.change() == ProfileDiff.Change.ADDED && l.text().endsWith("No label."))));
        assertEquals(PromptsViewModel.ResultTab.COMPARE, fx.get(() -> vm.resultTab().get()));

        fx.run(vm::backToDraft);
        await(() -> vm.mode().get().startsWith("Editing"));
        assertFalse(fx.get(() -> vm.readOnly().get()));
        assertTrue(fx.get(() -> vm.normalDescription().get()).endsWith("No label."), "the draft comes back");
        assertEquals(2, store.versions("bottle").size());
    }

    @Test
    void savingWithoutChangesKeepsVersion1AndEditingFromAVersionStartsANewDraft() throws Exception {
        save();
        await(() -> vm.versions().size() == 1);
        assertEquals("No changes: bottle is still v1.", fx.get(() -> vm.status().get()));
        assertEquals("recipe bottle", fx.get(() -> vm.versions().get(0).author()), "the history starts with the recipe file");

        fx.run(() -> vm.normalDescription().set("Changed in the draft."));
        fx.run(() -> vm.open("bottle", 1));
        await(() -> vm.readOnly().get());
        fx.run(() -> vm.compare(List.of(vm.versions().get(0))));
        await(() -> !vm.diff().isEmpty());
        assertTrue(fx.get(() -> vm.diffTitle().get()).startsWith("bottle v1 → the draft: "), fx.get(() -> vm.diffTitle().get()));
        assertTrue(fx.get(() -> vm.diff().stream().anyMatch(l -> l.change() == ProfileDiff.Change.ADDED
                && l.text().contains("Changed in the draft."))), "one version is compared with the kept draft");

        fx.run(vm::editFromViewed);
        assertEquals("Editing a new draft from bottle v1; saving makes a new version.", fx.get(() -> vm.status().get()));
        assertEquals("Editing a draft based on bottle v1", fx.get(() -> vm.mode().get()));
        assertEquals(originalNd, fx.get(() -> vm.normalDescription().get()));
        assertFalse(fx.get(() -> vm.canBackToDraft().get()), "the old draft is given up");
    }

    @Test
    void versionCommandsSayWhatToSelect() throws Exception {
        fx.run(() -> vm.open(null));
        assertEquals("Select a version to open.", fx.get(() -> vm.status().get()));
        fx.run(() -> vm.compare(List.of()));
        assertEquals("Select two versions to compare, or one to compare with the draft.", fx.get(() -> vm.status().get()));
        fx.run(() -> vm.open("bottle", 9));
        await(() -> vm.status().get().equals("bottle v9 is not in the database."));
        assertEquals(PromptsViewModel.Tone.PROBLEM, fx.get(() -> vm.statusTone().get()));
        assertFalse(fx.get(() -> vm.readOnly().get()));
    }

    @Test
    void duplicateClassNamesShowTheProblemAndCannotBeSaved() throws Exception {
        fx.run(() -> vm.classes().get(1).name.set("broken_large"));
        await(() -> vm.problems().stream().anyMatch(t -> t.contains("'broken_large' is used twice")));
        assertFalse(fx.get(() -> vm.canSave().get()));
        save(); // refused at once: nothing is sent to the background
        assertTrue(store.versions("bottle").isEmpty(), "nothing was stored");

        fx.run(() -> vm.removeClass(vm.classes().get(1)));
        await(() -> vm.classes().size() == 2 && vm.problems().stream().anyMatch(t -> t.contains("offline rule names class 'broken_small'")));
        assertFalse(fx.get(() -> vm.canSave().get()), "rules must name existing classes");
    }

    @Test
    void emptyTextsAndMissingImagesAreNamedAndAClassCanBeAddedAndEdited() throws Exception {
        fx.run(() -> vm.normalDescription().set(" "));
        await(() -> vm.problems().stream().anyMatch(t -> t.startsWith("the normal description (ND) is empty")));
        fx.run(() -> vm.normalDescription().set(originalNd));
        Files.delete(recipe.resolve(fx.get(() -> vm.references().get(0))));
        fx.run(() -> vm.strategy().set(vm.strategy().get() + " "));
        await(() -> vm.problems().stream().anyMatch(t -> t.contains("is missing (looked for")));

        fx.run(vm::addClass);
        assertEquals("new_class", fx.get(() -> vm.selectedClass().get().name.get()));
        await(() -> vm.problems().contains("anomaly class 'new_class' has no definition"));
        fx.run(() -> vm.selectedClass().get().definition.set("Something new."));
        await(() -> !vm.problems().contains("anomaly class 'new_class' has no definition"));
        assertEquals("Something new.", fx.get(() -> vm.draft().profile().anomalyClasses().get(3).definition()));
    }

    @Test
    void aVersionOpenedReadOnlyCannotBeEdited() throws Exception {
        save();
        await(() -> vm.versions().size() == 1);
        fx.run(() -> vm.open("bottle", 1));
        await(() -> vm.readOnly().get());
        fx.run(vm::addClass);
        fx.run(() -> vm.removeClass(vm.classes().get(0)));
        fx.run(() -> vm.removeReference(vm.references().get(0)));
        assertEquals(3, fx.get(() -> vm.classes().size()));
        assertEquals(2, fx.get(() -> vm.references().size()));
        assertFalse(fx.get(() -> vm.canAddReference().get()));
        save();
        assertEquals(1, store.versions("bottle").size());
    }

    @Test
    void aReferenceImageFromOutsideIsCopiedIntoTheRecipeFolder() throws Exception {
        Path good = BOTTLE.resolve("train/good/000.png");
        fx.run(() -> vm.addReference(good));
        await(() -> vm.references().size() == 3);
        assertTrue(Files.isRegularFile(recipe.resolve("000.png")), "copied into the recipe folder");
        assertEquals("000.png", fx.get(() -> vm.references().get(2)));
        assertEquals("Reference image 000.png added.", fx.get(() -> vm.status().get()));
        assertFalse(fx.get(() -> vm.canAddReference().get()), "at most 3 reference images");
        assertEquals(recipe.resolve("000.png"), fx.get(() -> vm.referenceFile("000.png")));

        fx.run(() -> vm.removeReference("000.png"));
        fx.run(() -> vm.addReference(BOTTLE.resolve("test/good/000.png")));
        await(() -> vm.references().contains("000-2.png"));
        assertTrue(Files.isRegularFile(recipe.resolve("000-2.png")), "a free name, the first copy is kept");

        fx.run(() -> vm.removeReference("000-2.png"));
        fx.run(() -> vm.addReference(recipe.resolve("000.png")));
        await(() -> vm.references().contains("000.png"));
        assertFalse(Files.exists(recipe.resolve("000-3.png")), "an image in the recipe folder is not copied again");
    }

    @Test
    void aFileThatIsNotAnImageIsNotAddedAsAReference() throws Exception {
        Path text = Files.writeString(temp.resolve("notes.png"), "not an image");
        fx.run(() -> vm.addReference(text));
        await(() -> vm.statusTone().get() == PromptsViewModel.Tone.PROBLEM);
        assertEquals("Add reference image notes.png failed: " + text + " is not a PNG or JPEG image.", fx.get(() -> vm.status().get()));
        assertEquals(2, fx.get(() -> vm.references().size()));
        assertFalse(Files.exists(recipe.resolve("notes.png")));
    }

    @Test
    void exportsTheDraftAndImportsItBackAsADraft() throws Exception {
        Path file = temp.resolve("out.json");
        fx.run(() -> vm.exportTo(file));
        await(() -> vm.status().get().startsWith("Exported"));
        assertEquals("Exported bottle (draft) to " + file, fx.get(() -> vm.status().get()));
        assertEquals(originalNd, PromptProfiles.fromJson(Files.readString(file), file.toString()).profile().normalDescription());

        fx.run(() -> vm.normalDescription().set("Something else."));
        fx.run(() -> vm.importFrom(file));
        await(() -> vm.status().get().startsWith("Imported"));
        assertEquals("Imported out.json as a draft; review it and save it as a new version.", fx.get(() -> vm.status().get()));
        assertEquals(originalNd, fx.get(() -> vm.normalDescription().get()));
        assertTrue(store.versions("bottle").isEmpty(), "an import is not saved until QA saves it");

        Path broken = Files.writeString(temp.resolve("broken.json"), "{ not json");
        fx.run(() -> vm.importFrom(broken));
        await(() -> vm.status().get().startsWith("Import broken.json failed: "));
        assertEquals(PromptsViewModel.Tone.PROBLEM, fx.get(() -> vm.statusTone().get()));
        assertEquals(originalNd, fx.get(() -> vm.normalDescription().get()), "the draft is kept");
    }

    @Test
    void exportsAVersionOpenedReadOnlyWithItsNumber() throws Exception {
        save();
        await(() -> vm.versions().size() == 1);
        fx.run(() -> vm.open("bottle", 1));
        await(() -> vm.readOnly().get());
        Path file = temp.resolve("v1.json");
        fx.run(() -> vm.exportTo(file));
        await(() -> vm.status().get().startsWith("Exported"));
        assertEquals("Exported bottle v1 to " + file, fx.get(() -> vm.status().get()));
        assertEquals(1, PromptProfiles.fromJson(Files.readString(file), file.toString()).version());
    }

    @Test
    void aSaveAfterTheRecipeMovedIsWrittenToTheNewFolder() throws Exception {
        Path copy = copyOfDemoRecipe(temp.resolve("station/recipes/bottle"));
        recipeFolder.set(copy);
        fx.run(() -> vm.normalDescription().set(vm.normalDescription().get() + " Kept in the station copy."));
        await(() -> vm.canSave().get());
        save();
        await(() -> vm.status().get().contains("Saved bottle v2"));
        assertTrue(PromptProfiles.read(copy.resolve(PromptProfiles.FILE_NAME)).profile().normalDescription()
                .endsWith("Kept in the station copy."));
        assertEquals(originalNd, PromptProfiles.read(recipe.resolve(PromptProfiles.FILE_NAME)).profile().normalDescription());
    }

    @Test
    void triesTheDraftOnAnImageAndMeasuresItOnTheDemoSet() throws Exception {
        AtomicReference<Optional<Path>> mask = new AtomicReference<>();
        fx.run(() -> vm.findMask(CONTAMINATION, mask::set));
        await(() -> mask.get() != null);
        assertEquals(Optional.of(BOTTLE.resolve("ground_truth/contamination/000_mask.png")), mask.get());

        fx.run(() -> vm.tryOn(CONTAMINATION, mask.get()));
        await(() -> !vm.tryClass().get().isBlank());
        assertEquals("contamination", fx.get(() -> vm.tryClass().get()));
        assertEquals("defect", fx.get(() -> vm.trySeverity().get()));
        assertEquals("severity-defect", fx.get(() -> vm.trySeverityStyle().get()));
        assertTrue(fx.get(() -> vm.tryRationale().get()).contains("not an LLM"), fx.get(() -> vm.tryRationale().get()));
        assertEquals("000.png: OFFLINE", fx.get(() -> vm.tryState().get()));
        assertEquals(PromptsViewModel.Tone.MUTED, fx.get(() -> vm.tryTone().get()));
        assertTrue(fx.get(() -> vm.tryFacts().get()).contains("draft profile bottle"), fx.get(() -> vm.tryFacts().get()));
        await(() -> sentImages() == 4); // 2 references, query, outlined query
        assertFalse(fx.get(() -> vm.tryRunning().get()));

        fx.run(() -> vm.measure(BOTTLE));
        assertEquals(PromptsViewModel.ResultTab.MEASURE, fx.get(() -> vm.resultTab().get()));
        await(() -> vm.measureReport().get().contains("macro accuracy"));
        assertTrue(fx.get(() -> vm.measureReport().get()).contains("macro accuracy    0.7927"), fx.get(() -> vm.measureReport().get()));
        assertFalse(fx.get(() -> vm.measureRunning().get()));
        assertTrue(fx.get(() -> vm.measureState().get()).matches("Measured \\d+ images in bottle"), fx.get(() -> vm.measureState().get()));
        assertEquals(1.0, fx.get(() -> vm.measureProgress().get()));
    }

    @Test
    void tryAndMeasureFailuresAreExplained() throws Exception {
        Path text = Files.writeString(temp.resolve("broken.png"), "not an image");
        fx.run(() -> vm.tryOn(text, Optional.empty()));
        await(() -> vm.status().get().startsWith("Try on broken.png failed: "));
        assertTrue(fx.get(() -> vm.status().get()).endsWith("is not a PNG or JPEG image."), fx.get(() -> vm.status().get()));
        assertEquals(PromptsViewModel.Tone.PROBLEM, fx.get(() -> vm.statusTone().get()));

        fx.run(() -> vm.measure(temp));
        await(() -> vm.measureState().get().equals("Measurement failed."));
        assertTrue(fx.get(() -> vm.status().get()).contains("is not in MVTec AD layout"), fx.get(() -> vm.status().get()));
        assertFalse(fx.get(() -> vm.measureRunning().get()));

        try (FakeChatServer server = new FakeChatServer();
             Explainer llm = Explainers.create(llmAt(server), Map.of(), temp.resolve("llm"))) {
            server.always(new FakeChatServer.Reply(500, Map.of(), "{\"error\":{\"message\":\"down\",\"type\":\"test\"}}", List.of(), 0, 0));
            explainer.set(llm);
            fx.run(() -> vm.tryOn(CONTAMINATION, Optional.empty()));
            await(() -> vm.tryTone().get() == PromptsViewModel.Tone.PROBLEM);
            assertEquals("000.png: SERVER_ERROR — no valid answer", fx.get(() -> vm.tryState().get()));
            assertEquals("no class", fx.get(() -> vm.tryClass().get()));
            assertEquals("—", fx.get(() -> vm.trySeverity().get()));
            assertEquals("severity-none", fx.get(() -> vm.trySeverityStyle().get()));
        }
    }

    @Test
    void aTryAndAMeasurementAnsweredSlowlyCanBeCancelled() throws Exception {
        String answer = "{\"class\":\"contamination\",\"severity\":\"defect\",\"confidence\":0.8,\"rationale\":\"A dark"
                + " flake lies inside the mouth, on top of intact rings.\",\"evidence\":\"centre\"}";
        try (FakeChatServer server = new FakeChatServer();
             Explainer llm = Explainers.create(llmAt(server), Map.of(), temp.resolve("llm"))) {
            server.always(FakeChatServer.Reply.streamWith(answer, "stop", 300)); // a few chars every 300 ms
            explainer.set(llm);

            fx.run(() -> vm.tryOn(CONTAMINATION, contaminationMask()));
            await(() -> vm.tryRunning().get() && !vm.tryRationale().get().isEmpty());
            fx.run(vm::cancelTry);
            await(() -> !vm.tryRunning().get());
            assertEquals("000.png: CANCELLED — no valid answer", fx.get(() -> vm.tryState().get()));
            assertEquals(PromptsViewModel.Tone.PROBLEM, fx.get(() -> vm.tryTone().get()));

            fx.run(() -> vm.measure(BOTTLE));
            await(() -> vm.measureRunning().get() && vm.measureState().get().startsWith("explaining 1/"));
            fx.run(() -> vm.measure(BOTTLE));
            assertEquals("A measurement is already running; cancel it first.", fx.get(() -> vm.status().get()));
            fx.run(vm::cancelMeasure);
            await(() -> !vm.measureRunning().get());
            assertEquals("Measurement cancelled.", fx.get(() -> vm.measureState().get()));
            assertEquals(0.0, fx.get(() -> vm.measureProgress().get()));
            assertEquals("", fx.get(() -> vm.measureReport().get()));
        }
    }

    @Test
    void thePreviewIsExactlyWhatTheLlmServerReceivesForTheSameDraft() throws Exception {
        String answer = "{\"class\":\"contamination\",\"severity\":\"defect\",\"confidence\":0.8,\"rationale\":\"A dark"
                + " flake lies inside the mouth.\",\"evidence\":\"centre\"}";
        try (FakeChatServer server = new FakeChatServer();
             Explainer llm = Explainers.create(llmAt(server), Map.of(), temp.resolve("llm"))) {
            server.always(FakeChatServer.Reply.stream(answer));
            explainer.set(llm);
            fx.run(() -> vm.normalDescription().set("A clean bottle mouth seen from above, no label."));
            SendPreviewViewModel preview = fx.get(vm::sendPreview);
            fx.run(preview::previewDemo);
            await(() -> preview.request().get().isPresent());
            OutgoingRequest previewed = fx.get(() -> preview.request().get().orElseThrow());
            List<String> titles = fx.get(() -> preview.blocks().stream().map(SendPreviewViewModel.Block::title).toList());
            assertEquals("Preview for 000.png, nothing sent (explainer: test-vision at " + server.baseUrl() + " (key no key)):"
                    + " a system message and a user message of 5 text part(s) and 4 image(s).", fx.get(() -> preview.state().get()));
            assertEquals(List.of("System message", "Reference image 1 (RI): a normal part.", "Reference image 2 (RI): a normal part.",
                    "Query image:", "Query image with the detector's region outlined in red (visual prompt):", "User text",
                    "Normal description (ND)", "Anomaly classes (AD)", "Classification strategy (CS)", "Detector findings",
                    "Answer"), titles, "the sections in the order they are sent");
            assertEquals("A clean bottle mouth seen from above, no label.", fx.get(() -> preview.blocks().get(6).text()),
                    "the draft's ND, unsaved");
            assertTrue(server.received().isEmpty(), "a preview sends nothing");

            fx.run(() -> vm.tryOn(CONTAMINATION, contaminationMask()));
            await(() -> vm.tryClass().get().equals("contamination"));
            JsonNode messages = server.received().get(0).body().get("messages");
            assertEquals(previewed.system(), messages.get(0).get("content").asText());
            List<String> texts = new ArrayList<>();
            int images = 0;
            for (JsonNode part : messages.get(1).get("content")) {
                if (part.get("type").asText().equals("text")) {
                    texts.add(part.get("text").asText());
                } else {
                    images++;
                }
            }
            assertEquals(previewed.texts(), texts, "every text part, in order");
            assertEquals(previewed.images().size(), images);
            assertEquals(4, images, "2 references, the query and the outlined query");
            assertEquals(previewed.texts(), fx.get(() -> preview.request().get().orElseThrow().texts()), "the try shows what it sent");
        }
    }

    private int sentImages() {
        return vm.sendPreview().request().get().map(r -> r.images().size()).orElse(0);
    }

    // ---------------------------------------------------------------- helpers

    private static Optional<Path> contaminationMask() {
        return Optional.of(BOTTLE.resolve("ground_truth/contamination/000_mask.png"));
    }

    private static LlmSettings llmAt(FakeChatServer server) {
        return LlmSettings.defaults().withEndpoint(server.baseUrl(), "test-vision")
                .withLimits(Duration.ofSeconds(30), 0, Duration.ofSeconds(1), new LlmSettings.Budget(100, 0, 0, 0, 0));
    }

    private static Path copyOfDemoRecipe(Path target) throws Exception {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(ShippedResources.resolve("recipes/bottle"))) {
            for (Path f : files.toList()) {
                Files.copy(f, target.resolve(f.getFileName()));
            }
        }
        return target;
    }

    /** Save, signed with the password when the view-model asks for it (a refused save asks nothing). */
    private void save() throws Exception {
        fx.run(vm::save);
        if (fx.get(() -> signatures.vm.asking().get())) {
            fx.run(() -> signatures.sign(TestSignatures.PASSWORD));
        }
    }


    private void await(BooleanSupplier condition) throws Exception {
        fx.await(condition, 90, () -> "status: " + vm.status().get());
    }
}
