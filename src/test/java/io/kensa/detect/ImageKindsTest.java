package io.kensa.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Grey models meeting colour frames, masks in other encodings, and test images a command does not read. */
class ImageKindsTest {
    private static final Path BOTTLE = ShippedResources.demoBottle();

    @Test
    void aModelTrainedOnGreyImagesScoresColourFramesAsTheGreyImagesTheyWouldBe(@TempDir Path dir) throws Exception {
        List<Path> grey = new ArrayList<>();
        try (var files = Files.list(BOTTLE.resolve("train/good"))) {
            for (Path f : files.sorted().limit(8).toList()) {
                Path g = dir.resolve(f.getFileName());
                ImageIO.write(Images.grey(Images.read(f)), "png", g.toFile());
                grey.add(g);
            }
        }
        BufferedImage colour = Images.read(BOTTLE.resolve("test/good/000.png"));
        try (Backbone backbone = Backbone.shipped(DeviceSetting.CPU)) {
            PatchCoreModel model = PatchCoreModel.train(backbone, grey,
                    TrainSettings.defaults().withInputSize(128), Progress.NONE, () -> false);
            assertTrue(model.summary().grey());
            try (Detector detector = model.detector()) {
                Detection asColour = detector.detect(colour);
                Detection asGrey = detector.detect(Images.grey(colour));
                assertEquals(asGrey.score(), asColour.score(), 1e-9, "a colour camera on a grey model is not a defect");
            }
        }
    }

    @Test
    void masksStoredAsZeroAndOneMarkTheirDefectPixels(@TempDir Path dir) throws Exception {
        BufferedImage mask = new BufferedImage(40, 40, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 10; y < 20; y++) {
            for (int x = 10; x < 20; x++) {
                mask.getRaster().setSample(x, y, 0, 1);
            }
        }
        Path file = dir.resolve("m_mask.png");
        ImageIO.write(mask, "png", file.toFile());
        boolean[] read = Masks.read(file, 40, 40);
        int defect = 0;
        for (boolean b : read) {
            defect += b ? 1 : 0;
        }
        assertEquals(100, defect);
        assertTrue(read[15 * 40 + 15] && !read[0]);
    }

    @Test
    void trainingDoesNotReadTheTestImagesButEvaluationNamesABrokenOne(@TempDir Path dir) throws Exception {
        Path train = Files.createDirectories(dir.resolve("train/good"));
        Files.copy(BOTTLE.resolve("train/good/000.png"), train.resolve("000.png"));
        Files.copy(BOTTLE.resolve("train/good/007.png"), train.resolve("007.png"));
        Files.copy(BOTTLE.resolve("test/good/000.png"), Files.createDirectories(dir.resolve("test/good")).resolve("000.png"));
        Path broken = Files.createDirectories(dir.resolve("test/broken_large")).resolve("001.png");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0});

        assertEquals(2, MvtecDataset.open(dir, false).trainGood().size());
        String m = assertThrows(DetectException.class, () -> MvtecDataset.open(dir, true)).getMessage();
        assertTrue(m.contains(broken.toString()), m);
    }
}
