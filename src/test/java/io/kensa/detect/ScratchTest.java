package io.kensa.detect;

import io.kensa.config.ShippedResources;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void numbers() throws Exception {
        long t0 = System.nanoTime();
        try (Backbone b = Backbone.shipped(DeviceSetting.AUTO)) {
            System.out.println("load " + (System.nanoTime() - t0) / 1e6 + " ms device " + b.device());
            MvtecDataset data = MvtecDataset.open(ShippedResources.demoBottle(), true);
            for (double ratio : new double[] {0.1, 1.0}) {
                long t1 = System.nanoTime();
                PatchCoreModel m = PatchCoreModel.train(b, data.trainGood(), TrainSettings.defaults().withCoresetRatio(ratio),
                        (f, msg) -> { }, () -> false);
                System.out.println("ratio " + ratio + " train " + (System.nanoTime() - t1) / 1e9 + " s bank " + m.bankRows()
                        + " cal " + m.calibration());
                Evaluation.Result r = Evaluation.evaluate(m, data.test(), (f, msg) -> { }, () -> false);
                System.out.println(r);
            }
        }
    }
}
