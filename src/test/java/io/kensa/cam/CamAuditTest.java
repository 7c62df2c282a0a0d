package io.kensa.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.detect.Progress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CamAuditTest {

    /** A small MVTec-layout copy of the shipped bottle set: 3 images per defect class (with masks), 2 good. */
    private static Path smallSet(Path dir) throws Exception {
        return LabelledSets.bottle(dir, List.of("broken_large", "contamination"), 3, 2);
    }

    @Test
    void listsPerClassMeanCamAndTheImagesWhoseCamFallsOutsideTheMask(@TempDir Path tmp) throws Exception {
        GradCam cam = GradCam.of(CamFixtures.cam(), PooledLinearHead.fromFixture());
        List<CamAudit.ClassAudit> audit = CamAudit.run(cam, smallSet(tmp), CamAudit.Settings.defaults(), Progress.NONE, () -> false);
        assertEquals(List.of("good", "broken_large", "contamination"), audit.stream().map(CamAudit.ClassAudit::label).toList());
        for (CamAudit.ClassAudit a : audit) {
            System.out.printf("%-14s images %d, masks %d, CAM energy inside mask %.3f, off target %d%s%n", a.label(), a.images(),
                    a.withMask(), a.meanInsideFraction(), a.offTarget().size(),
                    a.faithfulness().map(f -> String.format(", ROAD drop MoRF %.3f vs LeRF %.3f", f.meanDropMostRelevant(),
                            f.meanDropLeastRelevant())).orElse(""));
            for (CamAudit.OffTarget o : a.offTarget()) {
                System.out.printf("    off target %s as %s p=%.2f: inside %.3f (mask covers %.3f)%n", o.image().getFileName(),
                        o.className(), o.probability(), o.insideFraction(), o.maskFraction());
                assertTrue(o.insideFraction() < 0.3);
                assertTrue(o.maskFraction() > 0 && o.maskFraction() < 1);
            }
            assertEquals(64 * 64, a.meanCam().length);
            assertTrue(a.faithfulness().isPresent());
            assertEquals(a.images(), a.faithfulness().get().images());
        }
        assertEquals(0, audit.get(0).withMask());
        assertTrue(Double.isNaN(audit.get(0).meanInsideFraction()));
        CamAudit.ClassAudit broken = audit.get(1);
        assertEquals(3, broken.withMask());
        assertTrue(broken.meanInsideFraction() >= 0 && broken.meanInsideFraction() <= 1);
    }

    @Test
    void aStricterThresholdListsMoreImages(@TempDir Path tmp) throws Exception {
        GradCam cam = GradCam.imagenet(CamFixtures.cam());
        Path set = smallSet(tmp);
        CamAudit.Settings loose = new CamAudit.Settings("last", 32, 0.01, false);
        CamAudit.Settings strict = new CamAudit.Settings("last", 32, 0.99, false);
        int few = CamAudit.run(cam, set, loose, Progress.NONE, () -> false).stream().mapToInt(a -> a.offTarget().size()).sum();
        int many = CamAudit.run(cam, set, strict, Progress.NONE, () -> false).stream().mapToInt(a -> a.offTarget().size()).sum();
        assertTrue(many >= few, many + " vs " + few);
        assertEquals(6, many, "every defect image has less than 99% of its CAM inside the mask");
    }

    @Test
    void cancelStopsTheAudit(@TempDir Path tmp) throws Exception {
        GradCam cam = GradCam.imagenet(CamFixtures.cam());
        Path set = smallSet(tmp);
        assertThrows(CancellationException.class,
                () -> CamAudit.run(cam, set, CamAudit.Settings.defaults(), Progress.NONE, () -> true));
    }

    @Test
    void missingFolderIsAClearMessage(@TempDir Path tmp) throws Exception {
        GradCam cam = GradCam.imagenet(CamFixtures.cam());
        CamException e = assertThrows(CamException.class, () -> CamAudit.run(cam, tmp.resolve("nope"),
                CamAudit.Settings.defaults(), Progress.NONE, () -> false));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }
}
