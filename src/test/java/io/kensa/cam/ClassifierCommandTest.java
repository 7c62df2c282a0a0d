package io.kensa.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kensa.cli.KensaCommand;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kensa classify …} run in-process, stdout and stderr captured. */
class ClassifierCommandTest {
    record Run(int code, String out, String err) {}

    static synchronized Run kensa(String... args) {
        PrintStream out = System.out, err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = KensaCommand.run(args);
            return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static Path smallSet(Path dir) throws Exception {
        for (String cls : List.of("good", "broken_large", "contamination")) {
            Path from = CamFixtures.bottle().resolve("test").resolve(cls);
            Path to = dir.resolve("test").resolve(cls);
            Files.createDirectories(to);
            try (var s = Files.list(from)) {
                for (Path f : s.sorted().limit(4).toList()) {
                    Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
        return dir;
    }

    @Test
    void evaluatePrintsOneJsonObjectWithTheAgreedKeys(@TempDir Path dir) throws Exception {
        Run r = kensa("classify", "evaluate", "--data", smallSet(dir).toString(), "--folds", "2", "--json",
                "--device", "cpu", "--no-flip");
        assertEquals(0, r.code(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        for (String key : List.of("accuracy", "macro_f1", "classes", "images", "train_seconds", "ms_per_image", "per_class")) {
            assertTrue(o.has(key), key + " missing in " + r.out());
        }
        assertEquals(12, o.get("images").asInt());
        assertEquals(3, o.get("classes").size());
        assertTrue(o.get("per_class").get("good").has("precision"));
        assertTrue(o.get("per_class").get("good").has("recall"));
        assertTrue(r.out().strip().lines().count() == 1, "one JSON line: " + r.out());
    }

    /** The issue's own condition for any data set: grey images of differing sizes, none square, none the head's size. */
    @Test
    void evaluateWorksOnGreyImagesOfDifferingSizes(@TempDir Path dir) throws Exception {
        Path data = smallSet(dir.resolve("data"));
        int k = 0;
        try (var s = Files.walk(data.resolve("test"))) {
            for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                BufferedImage colour = ImageIO.read(f.toFile());
                BufferedImage grey = new BufferedImage(180 + 23 * k, 150 + 17 * k, BufferedImage.TYPE_BYTE_GRAY);
                Graphics2D g = grey.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(colour, 0, 0, grey.getWidth(), grey.getHeight(), null);
                g.dispose();
                ImageIO.write(grey, "png", f.toFile());
                k++;
            }
        }
        Run r = kensa("classify", "evaluate", "--data", data.toString(), "--folds", "2", "--json", "--device", "cpu",
                "--no-flip");
        assertEquals(0, r.code(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals(12, o.get("images").asInt(), "every grey image was used: " + r.out());
        assertEquals(0, o.get("skipped").size(), r.out());
        assertEquals(List.of("broken_large", "contamination", "good"),
                new ObjectMapper().convertValue(o.get("classes"), List.class));
    }

    @Test
    void trainWritesAHeadThatLoads(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out/classifier.json");
        Run r = kensa("classify", "train", "--data", smallSet(dir.resolve("data")).toString(), "--out", out.toString(),
                "--device", "cpu", "--no-flip");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("accuracy"), r.out());
        assertTrue(r.out().contains("confusion"), r.out());
        ClassifierHead h = ClassifierHead.load(out);
        assertEquals(List.of("broken_large", "contamination", "good"), h.classes());
    }

    @Test
    void aBadFolderIsOneClearLineAndExitNonZero(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("good"));
        Run r = kensa("classify", "evaluate", "--data", dir.toString(), "--json", "--device", "cpu");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("kensa: "), r.err());
        assertTrue(r.err().contains("only one class"), r.err());
        assertEquals("", r.out());
    }
}
