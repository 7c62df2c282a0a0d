package io.kensa.detect;

import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * The demo model for a first start: PatchCore trained on the shipped bottle images ({@code train/good}),
 * calibrated F1-optimally on {@code test/} (good + defects with masks), cached in the data folder.
 */
public final class DemoModel {
    public static final String FILE = "demo-bottle.kensa-model";

    private DemoModel() {}

    public static Path file(KensaHome home) {
        return home.models().resolve(FILE);
    }

    /** Loads the cached demo model, training and saving it first when missing or made with another backbone. */
    public static PatchCoreModel ensure(KensaHome home, Backbone backbone, Progress progress, BooleanSupplier cancelled)
            throws DetectException {
        Path file = file(home);
        if (Files.isRegularFile(file)) {
            try {
                return PatchCoreModel.load(file, backbone);
            } catch (DetectException stale) {
                // a bundle of an older format or another backbone: retrain below
            }
        }
        MvtecDataset data = MvtecDataset.open(ShippedResources.demoBottle(), true);
        PatchCoreModel model = PatchCoreModel.train(backbone, data.trainGood(),
                TrainSettings.defaults().withHoldOutFraction(0), progress.range(0, 0.6), cancelled);
        model = model.calibrateOnLabelled(data.test(), progress.range(0.6, 1), cancelled);
        model.save(file);
        return model;
    }
}
