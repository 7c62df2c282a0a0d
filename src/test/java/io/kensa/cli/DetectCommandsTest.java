package io.kensa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kensa train} / {@code kensa evaluate} on a greyscale MVTec-layout folder with images of differing sizes. */
class DetectCommandsTest {
    private static final Path BOTTLE = ShippedResources.demoBottle();

    /** Copies images as 8-bit greyscale, alternately 320 and 288 px wide. */
    private static void grey(String from, Path to, int count, int offset) throws Exception {
        Files.createDirectories(to);
        java.util.List<Path> files;
        try (var list = Files.list(BOTTLE.resolve(from))) {
            files = list.sorted().toList();
        }
        for (int i = 0; i < count; i++) {
            Path file = files.get(i + offset);
            String name = file.getFileName().toString().replace(".png", "");
            BufferedImage src = ImageIO.read(file.toFile());
            int w = i % 2 == 0 ? 320 : 288;
            BufferedImage g = new BufferedImage(w, 320, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D gr = g.createGraphics();
            gr.drawImage(src, 0, 0, w, 320, null);
            gr.dispose();
            ImageIO.write(g, "png", to.resolve(name + ".png").toFile());
        }
    }

    @Test
    void trainAndEvaluateWorkOnGreyscaleImagesOfDifferingSizes(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("grey");
        grey("train/good", data.resolve("train/good"), 10, 0);
        grey("test/good", data.resolve("test/good"), 4, 0);
        grey("test/broken_large", data.resolve("test/broken_large"), 4, 0);
        Files.createDirectories(data.resolve("ground_truth/broken_large"));
        for (int i = 0; i < 4; i++) {
            String mask = String.format("%03d_mask.png", i);
            Files.copy(BOTTLE.resolve("ground_truth/broken_large").resolve(mask), data.resolve("ground_truth/broken_large").resolve(mask));
        }
        Path model = dir.resolve("grey.kensa-model");
        CliRun train = CliRun.kensa("train", "--data", data.toString(), "--out", model.toString(), "--coreset", "0.1");
        assertEquals(0, train.code(), train.err());
        assertTrue(Files.isRegularFile(model));
        assertTrue(train.err().contains("%]"), "progress on stderr: " + train.err());

        CliRun eval = CliRun.kensa("evaluate", "--data", data.toString(), "--model", model.toString(), "--json");
        assertEquals(0, eval.code(), eval.err());
        String json = eval.out().trim();
        for (String key : new String[] {"image_auroc", "pixel_auroc", "f1", "train_seconds", "score_ms_per_image"}) {
            assertTrue(json.contains("\"" + key + "\": "), json);
        }
        double auroc = Double.parseDouble(json.replaceAll(".*\"image_auroc\": ([0-9.]+).*", "$1"));
        assertTrue(auroc >= 0.9, json);

        // more good images later: added to the bank without a refit, calibration kept
        Path more = dir.resolve("more");
        grey("train/good", more.resolve("train/good"), 4, 10);
        Path updated = dir.resolve("grey-updated.kensa-model");
        CliRun add = CliRun.kensa("train", "--data", more.toString(), "--add-to", model.toString(), "--out", updated.toString());
        assertEquals(0, add.code(), add.err());
        assertTrue(add.out().contains("14 good images"), add.out());
        assertEquals(train.out().replaceAll(".*threshold ([0-9.]+).*\\s*", "$1"), add.out().replaceAll(".*threshold ([0-9.]+).*\\s*", "$1"),
                "the calibration is kept");

        CliRun ignored = CliRun.kensa("train", "--data", more.toString(), "--add-to", model.toString(), "--out",
                dir.resolve("x.kensa-model").toString(), "--coreset", "0.5");
        assertEquals(2, ignored.code(), "an option that would be ignored is refused: " + ignored.err());
        assertTrue(ignored.err().contains("--coreset cannot be used with --add-to"), ignored.err());
    }

    @Test
    void badInputIsOneClearLine(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("train/good"));
        CliRun r = CliRun.kensa("train", "--data", dir.toString(), "--out", dir.resolve("m").toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("kensa: Folder " + dir.resolve("train/good")), r.err());
    }
}
