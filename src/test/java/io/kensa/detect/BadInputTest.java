package io.kensa.detect;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad data sets fail before any long work, with one message naming the file or folder. */
class BadInputTest {
    private static final Path BOTTLE = ShippedResources.demoBottle();

    private static Path dataset(Path dir, int good) throws Exception {
        Path train = Files.createDirectories(dir.resolve("train/good"));
        try (var files = Files.list(BOTTLE.resolve("train/good"))) {
            for (Path f : files.sorted().limit(good).toList()) {
                Files.copy(f, train.resolve(f.getFileName()));
            }
        }
        return dir;
    }

    private static String failure(Path dir) {
        return assertThrows(DetectException.class, () -> MvtecDataset.open(dir, false)).getMessage();
    }

    @Test
    void unreadableImageIsNamed(@TempDir Path dir) throws Exception {
        dataset(dir, 2);
        Path broken = dir.resolve("train/good/broken.png");
        Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0});
        String m = failure(dir);
        assertTrue(m.contains(broken.toString()), m);
    }

    @Test
    void greyscaleAmongColourIsNamed(@TempDir Path dir) throws Exception {
        dataset(dir, 2);
        BufferedImage grey = new BufferedImage(64, 64, BufferedImage.TYPE_BYTE_GRAY);
        Path file = dir.resolve("train/good/zz_grey.png");
        ImageIO.write(grey, "png", file.toFile());
        String m = failure(dir);
        assertTrue(m.contains(file.toString()) && m.contains("greyscale") && m.contains("colour"), m);
    }

    @Test
    void tinyImageIsNamed(@TempDir Path dir) throws Exception {
        dataset(dir, 2);
        Path file = dir.resolve("train/good/tiny.png");
        ImageIO.write(new BufferedImage(20, 18, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        String m = failure(dir);
        assertTrue(m.contains(file.toString()) && m.contains("20x18"), m);
    }

    @Test
    void emptyTrainGoodIsNamed(@TempDir Path dir) throws Exception {
        dataset(dir, 0);
        String m = failure(dir);
        assertTrue(m.contains(dir.resolve("train/good").toString()) && m.contains("no images"), m);
    }

    @Test
    void wrongLayoutIsNamed(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("good"));
        String m = failure(dir);
        assertTrue(m.contains(dir.resolve("train/good").toString()) && m.contains("MVTec AD layout"), m);
    }

    @Test
    void evaluationWithoutTestImagesSaysWhatIsMissing(@TempDir Path dir) throws Exception {
        dataset(dir, 2);
        String m = assertThrows(DetectException.class, () -> MvtecDataset.open(dir, true)).getMessage();
        assertTrue(m.contains(dir.resolve("test").toString()) && m.contains("test/good/"), m);
    }

    @Test
    void trainingWithNoImagesSaysSo() {
        String m = assertThrows(DetectException.class, () -> PatchCoreModel.train(null, java.util.List.of(),
                TrainSettings.defaults(), Progress.NONE, () -> false)).getMessage();
        assertTrue(m.contains("no good images"), m);
    }
}
