package io.kensa.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.kensa.detect.Backbone;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradCamTest {

    /** The backbone's own CAM output, ReLU(cam[c]), upsampled and normalised the same way. */
    private static float[] shippedCam(Backbone backbone, BufferedImage frame, int size, int c) {
        BufferedImage input = CamInput.scaled(frame, size);
        float[] chw = CamInput.chw(input, backbone.descriptor().mean(), backbone.descriptor().std());
        try (NDManager m = backbone.newManager()) {
            NDList out = backbone.forward(m.create(chw, new Shape(1, 3, size, size)));
            NDArray cam = out.get(3).get(new NDIndex(0, c));
            int h = (int) cam.getShape().get(0), w = (int) cam.getShape().get(1);
            float[] relu = CamMaps.relu(cam.toFloatArray());
            return CamMaps.normalised(CamMaps.resize(relu, w, h, frame.getWidth(), frame.getHeight()));
        }
    }

    @Test
    void autogradCamAtLastStageMatchesTheBackbonesCamOutputOnRealPhotos() throws Exception {
        GradCam gradCam = GradCam.imagenet(CamFixtures.cam());
        List<BufferedImage> frames = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String n : CamFixtures.photoNames()) {
            frames.add(CamFixtures.photo(n));
            names.add(n);
        }
        frames.add(CamFixtures.bottleImage("test/broken_large/000.png"));
        names.add("bottle broken_large/000");
        for (int i = 0; i < frames.size(); i++) {
            BufferedImage f = frames.get(i);
            CamMap predicted = gradCam.explain(f, "last");
            // also a class that is not the predicted one: the second most probable
            float[] p = gradCam.probabilities(f);
            p[predicted.classIndex()] = -1;
            int second = GradCam.argmax(p);
            for (int c : new int[] {predicted.classIndex(), second}) {
                CamMap map = gradCam.explain(f, "last", OptionalInt.of(c));
                float[] reference = shippedCam(CamFixtures.backbone(), f, gradCam.inputSize(), c);
                double r = CamMaps.correlation(map.values(), reference);
                System.out.printf("%s class %d %s p=%.3f: correlation %.6f, max abs diff %.2e%n", names.get(i), c,
                        map.className(), map.probability(), r, CamMaps.maxAbsDiff(map.values(), reference));
                assertEquals(f.getWidth() * f.getHeight(), map.values().length);
                assertTrue(r > 0.99, names.get(i) + " class " + c + ": correlation " + r);
            }
        }
    }

    @Test
    void photosAreClassifiedAsWhatTheyShow() throws Exception {
        GradCam gradCam = GradCam.imagenet(CamFixtures.cam());
        CamMap dog = gradCam.explain(CamFixtures.photo("dog"), "feat_s16");
        assertTrue(dog.classIndex() >= 151 && dog.classIndex() <= 268, "a dog breed, got " + dog.className());
        assertEquals("cpu()", dog.device());
        CamMap eagle = gradCam.explain(CamFixtures.photo("eagle"), "feat_s8");
        // squashed to 224x224 the eagle is a raptor: ImageNet 21 "kite" (the bird) or 22 "bald eagle"
        assertTrue(eagle.classIndex() == 21 || eagle.classIndex() == 22, "a raptor, got " + eagle.className());
    }

    @Test
    void everyStageComesFromOnePassAndIsNormalised() throws Exception {
        GradCam gradCam = GradCam.imagenet(CamFixtures.cam());
        BufferedImage f = CamFixtures.photo("horses");
        List<CamMap> maps = gradCam.explainAll(f, gradCam.stages(), OptionalInt.empty());
        assertEquals(List.of("feat_s8", "feat_s16", "last"), maps.stream().map(CamMap::stage).toList());
        for (CamMap m : maps) {
            float min = 1, max = 0;
            for (float v : m.values()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertEquals(0f, min, 1e-6, m.stage());
            assertEquals(1f, max, 1e-6, m.stage());
            assertEquals(maps.get(0).classIndex(), m.classIndex());
        }
        CamMap single = gradCam.explain(f, "feat_s8");
        assertTrue(CamMaps.correlation(single.values(), maps.get(0).values()) > 0.9999);
    }

    @Test
    void unknownStageOrClassIsAClearMessage() throws Exception {
        GradCam gradCam = GradCam.imagenet(CamFixtures.cam());
        BufferedImage f = CamFixtures.photo("dog");
        CamException stage = assertThrows(CamException.class, () -> gradCam.explain(f, "layer4"));
        assertTrue(stage.getMessage().contains("'layer4'") && stage.getMessage().contains("feat_s8"), stage.getMessage());
        CamException cls = assertThrows(CamException.class, () -> gradCam.explain(f, "last", OptionalInt.of(1000)));
        assertTrue(cls.getMessage().contains("1000") && cls.getMessage().contains("0..999"), cls.getMessage());
        CamException size = assertThrows(CamException.class, () -> gradCam.withInputSize(100));
        assertTrue(size.getMessage().contains("100") && size.getMessage().contains("multiple of 32"), size.getMessage());
    }

    @Test
    void aHeadTrainedOnOtherWeightsIsRefused() throws Exception {
        CamException e = assertThrows(CamException.class, () -> GradCam.forHead(CamFixtures.cam(), List.of("good", "bad"),
                out -> out.get(0), "00ff"));
        assertTrue(e.getMessage().contains("00ff") && e.getMessage().contains("e46d0639"), e.getMessage());
        GradCam ok = GradCam.forHead(CamFixtures.cam(), List.of("a", "b"),
                out -> out.get(0).get(new NDIndex(":, 0:2")), CamFixtures.backbone().sha256());
        assertEquals(List.of("a", "b"), ok.classes());
        CamMap map = ok.explain(CamFixtures.photo("dog"), "last");
        assertTrue(List.of("a", "b").contains(map.className()), map.className());
    }

    @Test
    void damagedGradCamFileIsRefusedWithItsChecksum(@TempDir Path dir) throws Exception {
        Path shipped = io.kensa.config.ShippedResources.mobilenetV2();
        Files.copy(shipped.resolve("backbone.json"), dir.resolve("backbone.json"));
        Files.write(dir.resolve("mobilenet_v2_imagenet_cam.pt"), new byte[] {1, 2, 3});
        CamException e = assertThrows(CamException.class,
                () -> CamBackbone.load(dir.resolve("backbone.json"), CamFixtures.backbone()));
        assertTrue(e.getMessage().contains("mobilenet_v2_imagenet_cam.pt") && e.getMessage().contains("02b4d89d"), e.getMessage());
        Files.writeString(dir.resolve("backbone.json"), Files.readString(shipped.resolve("backbone.json"))
                .replaceAll("(?s),\\s*\"gradcam\".*\\}\\s*\\}\\s*$", "\n}\n"));
        CamException none = assertThrows(CamException.class,
                () -> CamBackbone.load(dir.resolve("backbone.json"), CamFixtures.backbone()));
        assertTrue(none.getMessage().contains("no 'gradcam' entry"), none.getMessage());
    }
}
