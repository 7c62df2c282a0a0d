package io.kensa.inspect;

import io.kensa.cam.CamBackbone;
import io.kensa.cam.CamException;
import io.kensa.cam.CamMap;
import io.kensa.cam.ClassifierHead;
import io.kensa.cam.GradCam;
import io.kensa.detect.Backbone;
import io.kensa.model.ClassPrediction;
import io.kensa.recipe.Recipe;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * A recipe's defect classifier as the live pipeline runs it: the trained head on the Grad-CAM twin of the recipe's
 * backbone, so one forward gives the class and the same head gives the Grad-CAM map of that class.
 */
final class RecipeClassifier implements FrameClassifier {
    private final CamBackbone twin;
    private final GradCam head;
    private final boolean allFrames;
    private final String stage;
    private final String label;

    private RecipeClassifier(CamBackbone twin, GradCam head, Recipe.ClassifierSettings settings, String label) {
        this.twin = twin;
        this.head = head;
        this.allFrames = settings.allFrames();
        this.stage = settings.camStage();
        this.label = label;
    }

    /** Loads the recipe's classifier; a head trained on other backbone weights is refused with the fix. */
    static RecipeClassifier load(Recipe recipe, Recipe.ClassifierSettings settings, Path backboneDescriptor,
                                 Backbone backbone) throws CamException {
        ClassifierHead trained = ClassifierHead.load(settings.file());
        CamBackbone twin = CamBackbone.load(backboneDescriptor, backbone);
        try {
            GradCam head = GradCam.forHead(twin, trained.classes(), trained::logits, trained.backboneSha256())
                    .withInputSize(trained.inputSize());
            if (!head.stages().contains(settings.camStage())) {
                throw new CamException("Recipe " + recipe.name() + ": classifier.camStage '" + settings.camStage()
                        + "' is not a stage of backbone " + backbone.descriptor().name() + " (" + head.stages() + ")");
            }
            String label = recipe.name() + " v" + recipe.version() + " classifier " + settings.file().getFileName()
                    + " (backbone " + trained.backboneSha256().substring(0, 8) + ")";
            return new RecipeClassifier(twin, head, settings, label);
        } catch (CamException | RuntimeException e) {
            twin.close();
            throw e;
        }
    }

    @Override
    public ClassPrediction classify(BufferedImage image) throws CamException {
        float[] p = head.probabilities(image);
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return new ClassPrediction(head.classes().get(best), Math.min(1, Math.max(0, p[best])), label);
    }

    /** Where the classifier looked for the class it predicted, at the recipe's stage. */
    CamMap cam(BufferedImage image, ClassPrediction predicted) throws CamException {
        return head.explain(image, stage, OptionalInt.of(head.classes().indexOf(predicted.className())));
    }

    @Override
    public boolean allFrames() {
        return allFrames;
    }

    String device() {
        return head.device();
    }

    @Override
    public void close() {
        twin.close();
    }
}
