package io.kensa.inspect;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.config.KensaHome;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.DetectException;
import io.kensa.detect.DeviceSetting;
import io.kensa.detect.MvtecDataset;
import io.kensa.detect.PatchCoreModel;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.Recipes;
import io.kensa.util.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recipe's model on a real backbone: trained on first use with progress, cached, reused, and retrained when the good images change. */
class DetectorModelsTest {
    @TempDir
    Path dir;

    @Test
    void firstUseTrainsCalibratesAndCachesThenLoadsTheCachedModel() throws Exception {
        KensaHome home = new KensaHome(dir.resolve("home"));
        Recipe demo = Recipes.read(ShippedResources.resolve("recipes/bottle/recipe.json"));
        try (Backbone backbone = Backbone.shipped(DeviceSetting.CPU)) {
            AtomicReference<String> progress = new AtomicReference<>("");
            PatchCoreModel trained = DetectorModels.prepare(demo, backbone, home, (f, m) -> progress.set(m), () -> false);
            assertTrue(progress.get().contains("calibrat"), "calibrated on the labelled test images: " + progress.get());
            assertTrue(Double.isFinite(trained.calibration().imageThreshold()));
            assertEquals(1, cachedModels(home));

            PatchCoreModel cached = DetectorModels.prepare(demo, backbone, home, (f, m) -> progress.set(m), () -> false);
            assertEquals("model loaded", progress.get(), "second start loads, does not train");
            assertEquals(trained.calibration(), cached.calibration());
            assertEquals(trained.bankRows(), cached.bankRows());

            // an explicit bundle in the recipe is used as is
            Path bundle = dir.resolve("line3.kpc");
            trained.save(bundle);
            Recipe pinned = withModel(demo, Optional.of(bundle), demo.detector().trainImages());
            assertEquals(trained.bankRows(), DetectorModels.prepare(pinned, backbone, home, (f, m) -> { }, () -> false).bankRows());

            // a different set of good images is a different model: trained again, not served from the cache
            Path fewer = dir.resolve("good");
            Files.createDirectories(fewer);
            try (Stream<Path> images = Files.list(demo.detector().trainImages())) {
                for (Path p : images.sorted().limit(6).toList()) {
                    Files.copy(p, fewer.resolve(p.getFileName()));
                }
            }
            Recipe changed = withModel(demo, Optional.empty(), fewer);
            PatchCoreModel retrained = DetectorModels.prepare(changed, backbone, home, (f, m) -> { }, () -> false);
            assertEquals(6, retrained.summary().images());
            assertEquals(2, cachedModels(home));
        }
    }

    @Test
    void missingGoodImageFolderIsAClearError() {
        Recipe demo = assertDoesNotThrow(() -> Recipes.read(ShippedResources.resolve("recipes/bottle/recipe.json")));
        Recipe broken = withModel(demo, Optional.empty(), dir.resolve("nowhere"));
        DetectException e = assertThrows(DetectException.class,
                () -> DetectorModels.prepare(broken, null, new KensaHome(dir), (f, m) -> { }, () -> false));
        assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("trainImages"), e.getMessage());
    }

    /** The window's training (the recipe's good-image folder) and {@code kensa train} (MVTec train/good) take the same files. */
    @Test
    void theWindowAndKensaTrainAcceptTheSameImageFiles() throws Exception {
        Path good = Files.createDirectories(dir.resolve("mvtec/train/good"));
        for (String name : new String[] {"a.png", "b.JPG", "c.jpeg", "d.bmp", "e.gif", "f.tif", "g.tiff", "._a.png", "notes.txt"}) {
            Files.writeString(good.resolve(name), "");
        }
        List<Path> window = DetectorModels.images(good);
        assertEquals(7, window.size(), window.toString());
        assertEquals(ImageFiles.list(good), window);
        // MvtecDataset (kensa train) lists with the same rule, then checks every header: the empty files fail there,
        // naming the first listed image, so the lists start alike
        DetectException e = assertThrows(DetectException.class, () -> MvtecDataset.open(dir.resolve("mvtec"), false));
        assertTrue(e.getMessage().contains(good.resolve("a.png").toString()), e.getMessage());
    }

    private static Recipe withModel(Recipe r, Optional<Path> model, Path train) {
        Recipe.DetectorSettings d = r.detector();
        return new Recipe(r.name(), r.version(), r.title(), r.folder(), r.source(),
                new Recipe.DetectorSettings(d.backbone(), model, train, d.calibrationImages(), d.inputSize(), d.coreset(),
                        d.falseAlarmRate(), d.device(), d.tile()), r.promptProfile(), r.gate(), r.camera(), r.classifier());
    }

    private static long cachedModels(KensaHome home) throws Exception {
        try (Stream<Path> files = Files.list(home.models())) {
            return files.filter(p -> p.toString().endsWith(".kpc")).count();
        }
    }
}
