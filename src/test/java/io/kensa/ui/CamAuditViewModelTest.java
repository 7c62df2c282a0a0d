package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.cam.LabelledSets;
import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.DeviceSetting;
import io.kensa.inspect.CamWorkbench;
import io.kensa.inspect.DecisionLogs;
import io.kensa.model.Operator;
import io.kensa.recipe.Recipes;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit pane's behaviour without a toolkit: the demo recipe's shipped classifier on the real backbone, on small
 * copies of the shipped bottle images with their defect masks.
 */
class CamAuditViewModelTest {
    private static Backbone backbone;

    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final SettingsViewModelTest.Queue fx = new SettingsViewModelTest.Queue();
    private CamAuditViewModel vm;

    @BeforeAll
    static void loadBackbone() throws Exception {
        backbone = Backbone.shipped(DeviceSetting.CPU);
    }

    @AfterAll
    static void closeBackbone() {
        backbone.close();
    }

    private CamAuditViewModel open(Optional<Backbone> loaded, Operator operator) {
        vm = new CamAuditViewModel(new CamWorkbench(new KensaHome(dir.resolve("home")), Recipes.DEMO), () -> loaded,
                () -> operator, background, fx);
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
    void auditShowsEachClassWithItsOffTargetThumbnailsAndOpensOneLarger() throws Exception {
        open(Optional.of(backbone), DecisionLogs.QA);
        vm.folder().set(Optional.of(LabelledSets.bottle(dir.resolve("set"), List.of("broken_large", "contamination"), 2, 2)));
        vm.insideThreshold().set(0.99); // every defect image has some CAM outside its mask
        vm.audit();
        assertTrue(vm.working().get());
        fx.runUntil(() -> !vm.working().get(), 600);
        assertFalse(vm.messageProblem().get(), vm.message().get());
        assertEquals(1.0, vm.progress().get());
        assertEquals(List.of("good", "broken_large", "contamination"),
                vm.classes().stream().map(CamAuditViewModel.ClassRow::label).toList());
        CamAuditViewModel.ClassRow good = vm.classes().get(0);
        assertTrue(good.summary().contains("no defect masks"), good.summary());
        assertTrue(good.offTarget().isEmpty());
        for (CamAuditViewModel.ClassRow r : vm.classes()) {
            assertEquals(CamAuditViewModel.THUMBNAIL, r.meanCam().getWidth());
            assertTrue(r.faithfulness().startsWith("ROAD: removing the most relevant pixels lowers p by "), r.faithfulness());
        }
        CamAuditViewModel.ClassRow broken = vm.classes().get(1);
        assertEquals(2, broken.offTarget().size(), broken.summary());
        assertTrue(broken.summary().contains("2 of 2 off target"), broken.summary());
        assertTrue(vm.message().get().contains("4 images where the CAM falls mostly outside"), vm.message().get());
        CamAuditViewModel.OffTargetRow first = broken.offTarget().get(0);
        assertTrue(first.inside() < 0.99 && first.inside() <= broken.offTarget().get(1).inside());
        assertEquals(CamAuditViewModel.THUMBNAIL, first.thumbnail().getWidth());
        assertTrue(hasOutline(first.thumbnail()), "the defect mask is outlined on the thumbnail");

        vm.enlarge(first);
        fx.runUntil(() -> vm.enlarged().get().isPresent(), 60);
        CamAuditViewModel.Enlarged large = vm.enlarged().get().get();
        assertEquals(CamAuditViewModel.LARGE, large.image().getWidth());
        assertTrue(large.caption().startsWith("broken_large/" + first.image().getFileName() + ": "), large.caption());
        assertTrue(hasOutline(large.image()));
    }

    @Test
    void cancelStopsTheAuditAndSaysSo() throws Exception {
        open(Optional.of(backbone), DecisionLogs.QA);
        vm.folder().set(Optional.of(LabelledSets.bottle(dir.resolve("set"), List.of("contamination"), 2, 2)));
        vm.audit();
        vm.cancel();
        fx.runUntil(() -> !vm.working().get(), 120);
        assertTrue(vm.messageProblem().get());
        assertEquals("Cancelled; nothing was changed.", vm.message().get());
        assertTrue(vm.classes().isEmpty());
    }

    @Test
    void aClearMessageWithoutBackboneFolderOrPermission() throws Exception {
        open(Optional.empty(), DecisionLogs.QA);
        vm.folder().set(Optional.of(dir));
        vm.audit();
        assertFalse(vm.working().get());
        assertTrue(vm.message().get().startsWith("The backbone is still loading"), vm.message().get());
        vm.close();

        open(Optional.of(backbone), DecisionLogs.QA);
        vm.audit();
        assertTrue(vm.message().get().startsWith("Choose a labelled folder first"), vm.message().get());
        vm.close();

        open(Optional.of(backbone), DecisionLogs.INSPECTOR);
        vm.folder().set(Optional.of(dir));
        vm.audit();
        fx.runUntil(() -> !vm.working().get(), 60);
        assertTrue(vm.messageProblem().get());
        assertTrue(vm.message().get().contains("may not edit recipes"), vm.message().get());
    }

    private static boolean hasOutline(BufferedImage image) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (image.getRGB(x, y) == CamPictures.OUTLINE) {
                    return true;
                }
            }
        }
        return false;
    }
}
