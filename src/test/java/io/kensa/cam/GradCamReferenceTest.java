package io.kensa.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Kensa's Grad-CAM for a trained head against the PyTorch reference (tools/cam/reference_gradcam.py: torch.autograd
 * with retain_grad on the shipped TorchScript's own submodules; fixtures in reference/, no Python needed here).
 */
class GradCamReferenceTest {

    private static JsonObject reference() throws Exception {
        try (InputStream in = GradCamReferenceTest.class.getResourceAsStream("reference/reference.json")) {
            return JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    @Test
    void trainedHeadMapsMatchThePyTorchReferenceAtEveryStage() throws Exception {
        GradCam gradCam = GradCam.of(CamFixtures.cam(), PooledLinearHead.fromFixture());
        double worstCorrelation = 1, worstRelativeDiff = 0;
        for (JsonElement e : reference().getAsJsonArray("images")) {
            JsonObject image = e.getAsJsonObject();
            BufferedImage input = CamFixtures.resource("reference/" + image.get("file").getAsString());
            float[] expectedProbs = PooledLinearHead.floats(image.getAsJsonArray("probabilities"));
            for (JsonElement me : image.getAsJsonArray("maps")) {
                JsonObject maps = me.getAsJsonObject();
                int c = maps.get("class").getAsInt();
                GradCam.Raw raw = gradCam.raw(input, gradCam.stages(), OptionalInt.of(c));
                assertEquals(expectedProbs[c], raw.probability(), 1e-3, image.get("file").getAsString());
                for (String stage : List.of("feat_s8", "feat_s16", "last")) {
                    JsonObject g = maps.getAsJsonObject("grids").getAsJsonObject(stage);
                    float[] expected = PooledLinearHead.floats(g.getAsJsonArray("values"));
                    GradCam.Grid got = raw.grids().get(stage);
                    assertEquals(g.get("width").getAsInt(), got.width());
                    assertEquals(g.get("height").getAsInt(), got.height());
                    if (isZero(expected)) {
                        // ReLU removed every location in the reference: Kensa's map must be (near) zero too
                        System.out.printf("%s class %d %s: reference map all zero, Kensa max %.2e%n",
                                image.get("file").getAsString(), c, stage, max(got.values()));
                        assertTrue(max(got.values()) < 1e-6, stage + " class " + c);
                        continue;
                    }
                    double r = CamMaps.correlation(expected, got.values());
                    double rel = CamMaps.maxAbsDiff(CamMaps.normalised(expected), CamMaps.normalised(got.values()));
                    System.out.printf("%s class %d %s: correlation %.6f, max abs diff of normalised maps %.2e%n",
                            image.get("file").getAsString(), c, stage, r, rel);
                    worstCorrelation = Math.min(worstCorrelation, r);
                    worstRelativeDiff = Math.max(worstRelativeDiff, rel);
                    assertTrue(r > 0.99, image.get("file") + " " + stage + " class " + c + ": correlation " + r);
                    assertTrue(rel < 0.02, image.get("file") + " " + stage + " class " + c + ": max abs diff " + rel);
                }
            }
        }
        System.out.printf("worst correlation %.6f, worst max abs diff %.2e%n", worstCorrelation, worstRelativeDiff);
    }

    private static boolean isZero(float[] v) {
        return max(v) == 0f;
    }

    private static float max(float[] v) {
        float m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    @Test
    void trainedHeadPredictsTheLabelOfEachReferenceImage() throws Exception {
        GradCam gradCam = GradCam.of(CamFixtures.cam(), PooledLinearHead.fromFixture());
        for (JsonElement e : reference().getAsJsonArray("images")) {
            JsonObject image = e.getAsJsonObject();
            CamMap map = gradCam.explain(CamFixtures.resource("reference/" + image.get("file").getAsString()), "feat_s16");
            assertEquals(image.get("label").getAsString(), map.className());
        }
    }

    @Test
    void bilinearUpsamplingIsTorchsAlignCornersFalse() throws Exception {
        JsonObject ref = reference();
        JsonObject interp = ref.getAsJsonObject("interpolate");
        JsonObject g = ref.getAsJsonArray("images").get(0).getAsJsonObject().getAsJsonArray("maps").get(0)
                .getAsJsonObject().getAsJsonObject("grids").getAsJsonObject("feat_s16");
        float[] up = CamMaps.resize(PooledLinearHead.floats(g.getAsJsonArray("values")), 14, 14,
                interp.get("width").getAsInt(), interp.get("height").getAsInt());
        float[] expected = PooledLinearHead.floats(interp.getAsJsonArray("values"));
        float scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertTrue(CamMaps.maxAbsDiff(up, expected) < 1e-5 * Math.max(1, scale), "max diff " + CamMaps.maxAbsDiff(up, expected));
    }
}
