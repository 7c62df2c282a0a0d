package io.kensa.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kensa.config.ShippedResources;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Adding good images to a trained model versus refitting on all of them. At 128 px to stay fast; the semantics
 * do not depend on the input size.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IncrementalUpdateTest {
    private Backbone backbone;
    private MvtecDataset data;
    private List<BufferedImage> probes;


    @BeforeAll
    void load() throws Exception {
        backbone = Backbone.shipped(DeviceSetting.CPU);
        data = MvtecDataset.open(ShippedResources.demoBottle(), true);
        probes = new ArrayList<>();
        for (int i = 0; i < data.test().size(); i += 10) {
            probes.add(Images.read(data.test().get(i).image()));
        }
    }

    @AfterAll
    void close() {
        backbone.close();
    }

    @Test
    void withoutCoresetAnUpdateEqualsARefitExactly() throws Exception {
        TrainSettings s = TrainSettings.defaults().withInputSize(128).withCoresetRatio(1).withHoldOutFraction(0);
        List<java.nio.file.Path> good = data.trainGood();
        PatchCoreModel updated = PatchCoreModel.train(backbone, good.subList(0, 8), s, Progress.NONE, () -> false)
                .addGoodImages(good.subList(8, 12), Progress.NONE, () -> false);
        PatchCoreModel refit = PatchCoreModel.train(backbone, good.subList(0, 12), s, Progress.NONE, () -> false);
        assertEquals(refit.bankRows(), updated.bankRows());
        assertEquals(12, updated.summary().images());
        double[] a = rawScores(updated), b = rawScores(refit);
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-4 * Math.max(1, b[i]), "probe " + i);
        }
    }

    @Test
    void withCoresetAnUpdateStaysCloseToARefit() throws Exception {
        TrainSettings s = TrainSettings.defaults().withInputSize(128).withHoldOutFraction(0);
        List<java.nio.file.Path> good = data.trainGood();
        PatchCoreModel base = PatchCoreModel.train(backbone, good.subList(0, 20), s, Progress.NONE, () -> false);
        PatchCoreModel updated = base.addGoodImages(good.subList(20, 30), Progress.NONE, () -> false);
        PatchCoreModel refit = PatchCoreModel.train(backbone, good, s, Progress.NONE, () -> false);
        assertEquals(base.bankRows() + Math.round(10 * 16 * 16 * 0.1), updated.bankRows());
        double[] a = rawScores(updated), b = rawScores(refit);
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 0.1 * b[i], "probe " + i + ": update " + a[i] + " vs refit " + b[i]);
        }
    }

    private double[] rawScores(PatchCoreModel m) {
        double[] s = new double[probes.size()];
        try (PatchCoreRuntime r = m.runtime()) {
            for (int i = 0; i < s.length; i++) {
                s[i] = r.score(probes.get(i)).score();
            }
        }
        return s;
    }
}
