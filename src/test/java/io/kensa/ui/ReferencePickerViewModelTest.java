package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import io.kensa.inspect.DecisionLogs;
import io.kensa.inspect.PromptWorkbench;
import io.kensa.inspect.ReferenceSources;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explainers;
import io.kensa.llm.LlmSettings;
import io.kensa.model.Operator;
import io.kensa.store.ConfirmedGood;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.store.PromptProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
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
 * Reference images from the snapshots folder and from the decision log, on a real data folder: an H2 file database
 * holding the demo bottle images decided by an inspector (three good, three contamination), real snapshot files, and
 * the Prompts view-model that copies a chosen image into a copy of the demo recipe.
 */
class ReferencePickerViewModelTest {
    private static final Path DEMO = ShippedResources.demoBottle();

    @TempDir
    Path temp;
    private KensaHome home;
    private Path recipe;
    private Database database;
    private InspectionStore log;
    private Explainer offline;
    private final AtomicReference<Operator> signedIn = new AtomicReference<>(DecisionLogs.QA);
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final TestFxThread fx = new TestFxThread();
    private TestSignatures signatures;
    private PromptsViewModel vm;
    private ReferencePickerViewModel picker;

    @BeforeEach
    void start() throws Exception {
        home = new KensaHome(temp.resolve("home"));
        DecisionLogs.fill(home, List.of("good", "contamination"), 3, 0);
        recipe = Files.createDirectories(temp.resolve("recipes/bottle"));
        try (Stream<Path> files = Files.list(ShippedResources.resolve("recipes/bottle"))) {
            for (Path f : files.toList()) {
                Files.copy(f, recipe.resolve(f.getFileName()));
            }
        }
        database = Database.openFile(home.database());
        log = InspectionStore.openForReading(database, home.images());
        offline = Explainers.create(LlmSettings.defaults(), Map.of(), temp);
        signatures = TestSignatures.signedIn(DecisionLogs.QA, background, fx);
        ReferenceSources sources = new ReferenceSources(home.snapshots(), log, () -> "bottle", signedIn::get);
        vm = new PromptsViewModel(new PromptWorkbench(new PromptProfileStore(database, temp), () -> recipe), sources,
                () -> offline, signatures.vm, background, fx);
        picker = vm.referencePicker();
        fx.run(vm::start);
        await(() -> vm.name().get().equals("bottle") && vm.canAddReference().get());
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
    void theLogOffersTheGoodFramesNewestFirstAndAChosenOneIsCopiedIntoTheRecipeLikeAFile() throws Exception {
        fx.run(picker::openLog);
        await(() -> !picker.busy().get());
        List<ReferenceSources.Candidate> listed = fx.get(() -> List.copyOf(picker.candidates()));
        assertEquals(3, listed.size(), "the three good frames, not the contamination ones");
        assertEquals(List.of("#3", "#2", "#1"), listed.stream().map(c -> c.title().split(" ")[0]).toList(), "newest first");
        assertTrue(listed.stream().allMatch(c -> c.detail().equals("Aiko Sato")), "who decided it");
        assertEquals("3 frame(s) decided as normal, newest first.", fx.get(() -> picker.state().get()));
        assertFalse(fx.get(() -> picker.canShowMore().get()));

        List<String> before = fx.get(() -> List.copyOf(vm.references()));
        fx.run(() -> picker.choose(listed.get(0)));
        await(() -> vm.references().size() == before.size() + 1);
        String added = fx.get(() -> vm.references().get(vm.references().size() - 1));
        assertArrayEquals(Files.readAllBytes(listed.get(0).image()), Files.readAllBytes(recipe.resolve(added)),
                "the stored frame is copied into the recipe folder");
        assertEquals("Reference image " + added + " added.", fx.get(() -> vm.status().get()));
        assertEquals(ReferencePickerViewModel.Source.NONE, fx.get(() -> picker.source().get()), "the picker closes");
    }

    @Test
    void aLogFrameWhoseStoredImageIsMissingSaysSoAndAddsNothing() throws Exception {
        ConfirmedGood newest = log.confirmedGood("bottle", Long.MAX_VALUE, 1).get(0);
        Files.delete(newest.image());
        fx.run(picker::openLog);
        await(() -> picker.candidates().size() == 3);
        ReferenceSources.Candidate missing = fx.get(() -> picker.candidates().get(0));
        List<String> before = fx.get(() -> List.copyOf(vm.references()));
        fx.run(() -> picker.choose(missing));
        String state = fx.get(() -> picker.state().get());
        assertTrue(state.startsWith("The stored image of inspection " + newest.inspection().value()
                + " (decided normal by Aiko Sato on "), state);
        assertTrue(state.endsWith("it was deleted or the image folder moved. Pick another frame."), state);
        assertEquals(PromptsViewModel.Tone.PROBLEM, fx.get(() -> picker.tone().get()));
        assertEquals(before, fx.get(() -> List.copyOf(vm.references())));
    }

    @Test
    void theLogIsReadAPageAtATimeBelowTheLastInspectionListed() throws Exception {
        List<ConfirmedGood> first = log.confirmedGood("bottle", Long.MAX_VALUE, 2);
        assertEquals(List.of(3L, 2L), first.stream().map(g -> g.inspection().value()).toList());
        List<ConfirmedGood> rest = log.confirmedGood("bottle", 2, 2);
        assertEquals(List.of(1L), rest.stream().map(g -> g.inspection().value()).toList());
        assertEquals(List.of(), log.confirmedGood("other-recipe", Long.MAX_VALUE, 2));
    }

    @Test
    void snapshotsAreListedNewestFirstAndOneThatIsNotAnImageIsAClearMessage() throws Exception {
        Path older = Files.copy(DEMO.resolve("test/good/000.png"), home.snapshots().resolve("snapshot-a.png"));
        Path newer = Files.copy(DEMO.resolve("test/good/001.png"), home.snapshots().resolve("snapshot-b.png"));
        Path broken = Files.writeString(home.snapshots().resolve("snapshot-c.png"), "not an image");
        Files.writeString(home.snapshots().resolve("notes.txt"), "not listed");
        Files.setLastModifiedTime(older, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(newer, FileTime.fromMillis(2_000_000));
        Files.setLastModifiedTime(broken, FileTime.fromMillis(3_000_000));
        fx.run(picker::openSnapshots);
        await(() -> !picker.busy().get());
        assertEquals(List.of("snapshot-c.png", "snapshot-b.png", "snapshot-a.png"),
                fx.get(() -> picker.candidates().stream().map(ReferenceSources.Candidate::title).toList()));

        fx.run(() -> picker.choose(picker.candidates().get(0)));
        await(() -> vm.status().get().startsWith("Add reference image snapshot-c.png failed: "));
        assertTrue(fx.get(() -> vm.status().get()).endsWith("is not a PNG or JPEG image."), fx.get(() -> vm.status().get()));
        fx.run(() -> picker.choose(picker.candidates().get(1)));
        await(() -> vm.references().contains("snapshot-b.png"));
        assertTrue(Files.isRegularFile(recipe.resolve("snapshot-b.png")));
    }

    @Test
    void onlySomeoneWhoMayEditPromptsSeesTheSources() throws Exception {
        signedIn.set(DecisionLogs.INSPECTOR);
        fx.run(picker::openLog);
        await(() -> !picker.busy().get());
        assertEquals("Could not list the images: Aiko Sato (a.sato, inspector) may not edit recipes and prompts: only qa_engineer"
                + " may. Ask one to sign in.", fx.get(() -> picker.state().get()));
        assertEquals(PromptsViewModel.Tone.PROBLEM, fx.get(() -> picker.tone().get()));
        assertTrue(fx.get(() -> picker.candidates().isEmpty()));
    }



    private void await(BooleanSupplier condition) throws Exception {
        fx.await(condition, 60, () -> "picker: " + picker.state().get() + "; status: " + vm.status().get());
    }
}
