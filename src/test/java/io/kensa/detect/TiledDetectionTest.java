package io.kensa.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** High-resolution frames scored in native-resolution tiles: the stitched map covers the frame and finds the defect. */
class TiledDetectionTest {
    private static final Path BOTTLE = ShippedResources.demoBottle();

    private static BufferedImage upscaled(Path file) throws Exception {
        BufferedImage src = ImageIO.read(file.toFile());
        BufferedImage big = new BufferedImage(640, 640, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = big.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(src, 0, 0, 640, 640, null);
        g.dispose();
        return big;
    }

    @Test
    void tiledModelLocalisesADefectOnAnUpscaledFrame(@TempDir Path dir) throws Exception {
        List<Path> good = new ArrayList<>();
        try (var files = Files.list(BOTTLE.resolve("train/good"))) {
            for (Path f : files.sorted().limit(8).toList()) {
                Path out = dir.resolve(f.getFileName());
                ImageIO.write(upscaled(f), "png", out.toFile());
                good.add(out);
            }
        }
        TrainSettings settings = TrainSettings.defaults().withTiling(320, 0.25);
        try (Backbone backbone = Backbone.shipped(DeviceSetting.CPU)) {
            PatchCoreModel model = PatchCoreModel.train(backbone, good, settings, Progress.NONE, () -> false);
            try (Detector detector = model.detector()) {
                Detection defect = detector.detect(upscaled(BOTTLE.resolve("test/broken_large/000.png")));
                Detection ok = detector.detect(upscaled(BOTTLE.resolve("test/good/000.png")));
                assertEquals(512, defect.map().width());
                assertEquals(640, defect.frameWidth());
                assertTrue(defect.score() > ok.score(), defect.score() + " vs good " + ok.score());
                boolean[] mask = Masks.read(BOTTLE.resolve("ground_truth/broken_large/000_mask.png"), 512, 512);
                int peak = 0;
                float[] v = defect.map().values();
                for (int i = 1; i < v.length; i++) {
                    if (v[i] > v[peak]) {
                        peak = i;
                    }
                }
                assertTrue(mask[peak], "peak at " + peak % 512 + "," + peak / 512 + " outside the defect");
            }
        }
    }
}
