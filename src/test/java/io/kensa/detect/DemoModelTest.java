package io.kensa.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.KensaHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoModelTest {
    @Test
    void firstStartTrainsAndCachesTheDemoModelThenLoadsIt(@TempDir Path dir) throws Exception {
        KensaHome home = new KensaHome(dir);
        try (Backbone backbone = Backbone.shipped(DeviceSetting.AUTO)) {
            AtomicReference<Double> last = new AtomicReference<>(0.0);
            PatchCoreModel trained = DemoModel.ensure(home, backbone, (f, m) -> last.set(f), () -> false);
            assertTrue(Files.isRegularFile(DemoModel.file(home)));
            assertEquals(1.0, last.get(), 1e-9);
            assertTrue(trained.calibration().method().startsWith("F1-optimal"), trained.calibration().method());
            PatchCoreModel cached = DemoModel.ensure(home, backbone, Progress.NONE, () -> false);
            assertEquals(trained.calibration(), cached.calibration());
            assertEquals(trained.bankRows(), cached.bankRows());
        }
    }
}
