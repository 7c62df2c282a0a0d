package io.kensa.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackboneTest {
    private static final Path SHIPPED = ShippedResources.mobilenetV2();

    @Test
    void loadsTheShippedBackboneAndReportsTheDeviceItUses() throws Exception {
        try (Backbone b = Backbone.shipped(DeviceSetting.AUTO)) {
            assertEquals("cpu()", b.device());
            assertEquals(128, b.descriptor().patchCoreChannels());
            assertEquals(2, b.descriptor().patchCoreStageList().size());
        }
    }

    @Test
    void rejectsWeightsWhoseChecksumDoesNotMatchNamingFileAndBothSums(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("backbone.json"), Files.readString(SHIPPED.resolve("backbone.json")));
        Files.write(dir.resolve("mobilenet_v2_imagenet.pt"), new byte[] {1, 2, 3});
        DetectException e = assertThrows(DetectException.class,
                () -> Backbone.load(dir.resolve("backbone.json"), DeviceSetting.CPU));
        assertTrue(e.getMessage().contains(dir.resolve("mobilenet_v2_imagenet.pt").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("e46d06395d884ee58da294e78791caaa6beaa5217b021bb7c68abe48cb739b5f"), e.getMessage());
        assertTrue(e.getMessage().contains("039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81"), e.getMessage());
    }

    @Test
    void checksTheOutputsItNeedsWithADummyForward(@TempDir Path dir) throws Exception {
        Files.copy(SHIPPED.resolve("mobilenet_v2_imagenet.pt"), dir.resolve("mobilenet_v2_imagenet.pt"));
        Files.writeString(dir.resolve("backbone.json"), Files.readString(SHIPPED.resolve("backbone.json"))
                .replace("\"stride\": 16, \"channels\": 96", "\"stride\": 16, \"channels\": 1024"));
        DetectException e = assertThrows(DetectException.class,
                () -> Backbone.load(dir.resolve("backbone.json"), DeviceSetting.CPU));
        assertTrue(e.getMessage().contains("'feat_s16'") && e.getMessage().contains("1024 channels"), e.getMessage());
    }

    @Test
    void descriptorsWithStagesOutOfOrderOrNonRgbInputAreRefused() throws Exception {
        String shipped = Files.readString(SHIPPED.resolve("backbone.json"));
        DetectException order = assertThrows(DetectException.class, () -> BackboneDescriptor.parse(
                shipped.replace("[\"feat_s8\", \"feat_s16\"]", "[\"feat_s16\", \"feat_s8\"]"), "swapped.json"));
        assertTrue(order.getMessage().contains("out of order") && order.getMessage().contains("swapped.json"), order.getMessage());
        assertTrue(shipped.contains("\"minSize\": 64, \"channels\": 3"));
        DetectException grey = assertThrows(DetectException.class, () -> BackboneDescriptor.parse(
                shipped.replace("\"minSize\": 64, \"channels\": 3", "\"minSize\": 64, \"channels\": 1")
                        .replace("[0.485, 0.456, 0.406]", "[0.5]").replace("[0.229, 0.224, 0.225]", "[0.25]"), "grey.json"));
        assertTrue(grey.getMessage().contains("3 channels"), grey.getMessage());
    }

    @Test
    void gpuRequestWithoutAGpuSaysWhatToDo() {
        DetectException e = assertThrows(DetectException.class, () -> Backbone.shipped(DeviceSetting.GPU));
        assertTrue(e.getMessage().contains("Use device 'auto' or 'cpu'"), e.getMessage());
    }

    @Test
    void missingDescriptorEntriesAreNamed() {
        DetectException e = assertThrows(DetectException.class,
                () -> BackboneDescriptor.parse("{\"name\":\"x\",\"input\":{\"multipleOf\":32}}", "x.json"));
        assertTrue(e.getMessage().contains("x.json") && e.getMessage().contains("'stages'"), e.getMessage());
    }

    @Test
    void recipeBackboneIsFoundByNameFolderOrDescriptorWithAClearMessageOtherwise(@TempDir Path dir) throws Exception {
        java.util.List<Path> folders = java.util.List.of(dir, ShippedResources.resolve("models"));
        Path shipped = ShippedResources.mobilenetV2().resolve("backbone.json");
        assertEquals(shipped, Backbone.find("mobilenet_v2_imagenet", folders));
        Files.createDirectories(dir.resolve("wrn50"));
        Files.writeString(dir.resolve("wrn50/backbone.json"), "{}");
        assertEquals(dir.resolve("wrn50/backbone.json"), Backbone.find("wrn50", folders), "a user's backbone comes first");
        assertEquals(dir.resolve("wrn50/backbone.json"), Backbone.find("wrn50/backbone.json", folders));
        DetectException e = assertThrows(DetectException.class, () -> Backbone.find("resnet18", folders));
        assertTrue(e.getMessage().contains("'resnet18' not found") && e.getMessage().contains("detector.backbone"), e.getMessage());
    }
}
