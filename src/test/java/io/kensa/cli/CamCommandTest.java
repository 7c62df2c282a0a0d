package io.kensa.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.kensa.cam.LabelledSets;
import io.kensa.config.ShippedResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CamCommandTest {
    @Test
    void prototypesWritesOnePngPerClassAndPrintsTheirNearestRealImages(@TempDir Path dir) throws Exception {
        Path set = LabelledSets.bottle(dir.resolve("set"), List.of("broken_large", "broken_small", "contamination"), 3, 3);
        Path out = dir.resolve("out");
        CliRun r = CliRun.kensa("cam", "prototypes", "--data", set.toString(), "--out", out.toString(), "--json",
                "--device", "cpu", "--size", "96", "--steps", "3", "--per-class", "3");
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(o.get("seconds_per_class").getAsDouble() > 0, r.out());
        assertEquals(96, o.get("size").getAsInt(), "the side asked for");
        assertEquals(4, o.getAsJsonArray("classes").size());
        for (var e : o.getAsJsonArray("classes")) {
            JsonObject c = e.getAsJsonObject();
            Path png = out.resolve(c.get("class").getAsString() + ".png");
            assertEquals(png.toString(), c.get("image").getAsString());
            assertEquals(96, javax.imageio.ImageIO.read(png.toFile()).getWidth());
            assertEquals(3, c.getAsJsonArray("nearest").size());
            String folder = c.getAsJsonArray("nearest").get(0).getAsJsonObject().get("image").getAsString();
            assertTrue(folder.contains("/test/" + c.get("class").getAsString() + "/"), folder);
        }
    }

    @Test
    void prototypesOfAFolderMissingAClassSayWhichClass(@TempDir Path dir) throws Exception {
        Path set = LabelledSets.bottle(dir.resolve("set"), List.of("broken_large", "contamination"), 3, 3);
        CliRun r = CliRun.kensa("cam", "prototypes", "--data", set.toString(), "--out", dir.resolve("out").toString(),
                "--device", "cpu", "--steps", "1");
        assertTrue(r.code() != 0);
        assertTrue(r.err().contains("Class 'broken_small' has 0 images"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }

    @Test
    void auditPrintsOneJsonObjectPerClassWithTheMaskOverlap(@TempDir Path dir) throws Exception {
        Path src = ShippedResources.demoBottle();
        Files.createDirectories(dir.resolve("train/good"));
        Files.copy(src.resolve("train/good/000.png"), dir.resolve("train/good/000.png"));
        Files.createDirectories(dir.resolve("test/good"));
        Files.createDirectories(dir.resolve("test/broken_small"));
        Files.createDirectories(dir.resolve("ground_truth/broken_small"));
        Files.copy(src.resolve("test/good/000.png"), dir.resolve("test/good/000.png"));
        for (String n : new String[] {"000", "001"}) {
            Files.copy(src.resolve("test/broken_small/" + n + ".png"), dir.resolve("test/broken_small/" + n + ".png"));
            Files.copy(src.resolve("ground_truth/broken_small/" + n + "_mask.png"),
                    dir.resolve("ground_truth/broken_small/" + n + "_mask.png"));
        }
        CliRun r = CliRun.kensa("cam", "audit", "--data", dir.toString(), "--json", "--device", "cpu", "--no-faithfulness");
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(2, o.getAsJsonArray("classes").size());
        JsonObject broken = o.getAsJsonArray("classes").get(1).getAsJsonObject();
        assertEquals("broken_small", broken.get("class").getAsString());
        assertEquals(2, broken.get("masks").getAsInt());
        double inside = broken.get("mean_inside_fraction").getAsDouble();
        assertTrue(inside >= 0 && inside <= 1, r.out());
    }

    @Test
    void unknownStageIsAClearMessage(@TempDir Path dir) {
        CliRun r = CliRun.kensa("cam", "audit", "--data", ShippedResources.demoBottle().toString(), "--stage", "layer9",
                "--device", "cpu");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("Unknown Grad-CAM stage 'layer9'"), r.err());
    }
}
