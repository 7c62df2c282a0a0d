package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.cam.LabelledSets;
import io.kensa.cam.Prototypes;
import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.DeviceSetting;
import io.kensa.inspect.CamWorkbench;
import io.kensa.inspect.DecisionLogs;
import io.kensa.model.Operator;
import io.kensa.recipe.Recipes;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recipe workspace's Prototypes pane without a toolkit: the demo recipe's shipped classifier on the real backbone,
 * on small copies of the shipped bottle images.
 */
class PrototypesViewModelTest {
    /** Few steps at a small side: the prototypes' quality is PrototypesTest's, here only the screen's flow. */
    private static final Prototypes.Settings QUICK = Prototypes.Settings.defaults().withSize(96).withIterations(4);
    private static Backbone backbone;

    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-prototypes"));
    private final SettingsViewModelTest.Queue fx = new SettingsViewModelTest.Queue();
    private PrototypesViewModel vm;

    @BeforeAll
    static void loadBackbone() throws Exception {
        backbone = Backbone.shipped(DeviceSetting.CPU);
    }

    @AfterAll
    static void closeBackbone() {
        backbone.close();
    }

    private PrototypesViewModel open(Optional<Backbone> loaded, Operator operator) {
        vm = new PrototypesViewModel(new CamWorkbench(new KensaHome(dir.resolve("home")), Recipes.DEMO), () -> loaded,
                () -> operator, QUICK, background, fx);
        return vm;
    }

    @AfterEach
    void close() throws Exception {
        if (vm != null) {
            vm.close();
        }
        background.shutdownNow();
        background.awaitTermination(60, TimeUnit.SECONDS);
    }

    @Test
    void startsOnTheRecipesLabelledFolder() throws Exception {
        open(Optional.of(backbone), DecisionLogs.QA).refresh();
        fx.runUntil(() -> vm.folder().get().isPresent(), 20);
        assertEquals(ShippedResources.demoBottle(), vm.folder().get().get());
    }

    @Test
    void eachClassPrototypeStandsBesideItsNearestRealImagesWithTheirSimilarity() throws Exception {
        open(Optional.of(backbone), DecisionLogs.QA);
        vm.folder().set(Optional.of(LabelledSets.bottle(dir.resolve("set"),
                List.of("broken_large", "broken_small", "contamination"), 3, 3)));
        List<String> reported = new CopyOnWriteArrayList<>();
        vm.progressText().addListener((o, a, text) -> reported.add(text));
        vm.make();
        assertTrue(vm.working().get());
        fx.runUntil(() -> !vm.working().get(), 900);
        assertFalse(vm.messageProblem().get(), vm.message().get());
        assertEquals(1.0, vm.progress().get());
        assertTrue(reported.contains("Prototype of broken_large: step 1 of 4"), reported.toString());
        assertTrue(reported.contains("Prototype of good: step 4 of 4"), reported.toString());
        assertEquals(List.of("broken_large", "broken_small", "contamination", "good"),
                vm.prototypes().stream().map(PrototypesViewModel.PrototypeRow::className).toList());
        for (PrototypesViewModel.PrototypeRow p : vm.prototypes()) {
            assertTrue(p.probability() >= 0 && p.probability() <= 1, p.summary());
            assertTrue(p.summary().startsWith(p.className() + ": classified as " + p.className() + " with "), p.summary());
            assertEquals(PrototypesViewModel.THUMBNAIL, p.image().getWidth());
            assertEquals(3, p.nearest().size(), "the 3 real images of the class, most similar first");
            assertTrue(p.nearest().get(0).similarity() >= p.nearest().get(1).similarity());
            assertTrue(p.nearest().stream().allMatch(n -> n.similarity() > 0 && n.similarity() <= 1));
            assertTrue(p.nearest().stream().allMatch(n -> n.image().getParent().getFileName().toString()
                    .equals(p.className())), "neighbours are real images of the class");
            assertEquals(PrototypesViewModel.THUMBNAIL, p.nearest().get(0).thumbnail().getWidth());
        }
        assertTrue(vm.message().get().startsWith("4 class prototypes"), vm.message().get());
    }

    @Test
    void cancelStopsThePrototypesAndSaysSo() throws Exception {
        open(Optional.of(backbone), DecisionLogs.QA);
        vm.folder().set(Optional.of(LabelledSets.bottle(dir.resolve("set"),
                List.of("broken_large", "broken_small", "contamination"), 2, 2)));
        vm.make();
        vm.cancel();
        fx.runUntil(() -> !vm.working().get(), 120);
        assertTrue(vm.messageProblem().get());
        assertEquals("Cancelled; nothing was changed.", vm.message().get());
        assertTrue(vm.prototypes().isEmpty());
    }

    @Test
    void aClearMessageWithoutBackboneFolderOrPermission() throws Exception {
        open(Optional.empty(), DecisionLogs.QA);
        vm.folder().set(Optional.of(dir));
        vm.make();
        assertFalse(vm.working().get());
        assertTrue(vm.message().get().startsWith("The backbone is still loading"), vm.message().get());
        vm.close();

        open(Optional.of(backbone), DecisionLogs.QA);
        vm.make();
        assertFalse(vm.working().get());
        assertTrue(vm.message().get().startsWith("Choose a labelled folder first"), vm.message().get());
        vm.close();

        open(Optional.of(backbone), DecisionLogs.INSPECTOR);
        vm.folder().set(Optional.of(LabelledSets.bottle(dir.resolve("set"), List.of("contamination"), 2, 2)));
        vm.make();
        fx.runUntil(() -> !vm.working().get(), 60);
        assertTrue(vm.messageProblem().get());
        assertTrue(vm.message().get().contains("may not edit recipes"), vm.message().get());
        assertTrue(vm.prototypes().isEmpty());
    }
}
