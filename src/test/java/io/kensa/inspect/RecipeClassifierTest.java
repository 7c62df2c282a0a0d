package io.kensa.inspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.cam.CamMap;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Backbone;
import io.kensa.detect.DeviceSetting;
import io.kensa.model.ClassPrediction;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.Recipes;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The demo recipe's shipped classifier, as the live pipeline runs it: class of a flagged frame and its Grad-CAM map. */
class RecipeClassifierTest {
    @Test
    void namesTheDefectOfADemoFrameAndMapsWhereItLooked() throws Exception {
        Recipe demo = Recipes.read(ShippedResources.resolve("recipes/bottle/recipe.json"));
        Recipe.ClassifierSettings settings = demo.classifier().orElseThrow();
        assertEquals("feat_s16", settings.camStage());
        Path descriptor = ShippedResources.mobilenetV2().resolve("backbone.json");
        BufferedImage frame = ImageIO.read(ShippedResources.demoBottle().resolve("test/contamination/000.png").toFile());
        try (Backbone backbone = Backbone.load(descriptor, DeviceSetting.parse("cpu"));
             RecipeClassifier classifier = RecipeClassifier.load(demo, settings, descriptor, backbone)) {
            ClassPrediction p = classifier.classify(frame);
            assertEquals("contamination", p.className());
            assertTrue(p.probability() > 0.5, p.describe());
            assertTrue(p.classifier().startsWith("bottle v1 classifier classifier.json (backbone e46d0639"), p.classifier());
            CamMap map = classifier.cam(frame, p);
            assertEquals("contamination", map.className());
            assertEquals(frame.getWidth(), map.width());
            assertEquals(frame.getHeight(), map.height());
            assertEquals("feat_s16", map.stage());
        }
    }
}
