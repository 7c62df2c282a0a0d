package io.kensa.inspect;

import io.kensa.cam.CamBackbone;
import io.kensa.cam.CamException;
import io.kensa.cam.CamMap;
import io.kensa.cam.Classifier;
import io.kensa.cam.ClassifierHead;
import io.kensa.cam.GradCam;
import io.kensa.detect.Backbone;
import io.kensa.model.ClassPrediction;
import io.kensa.recipe.Recipe;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.OptionalInt;

/**
 * A recipe's defect classifier as the live pipeline runs it: the trained head on the recipe's backbone names the class
 * (one plain forward on the detection thread), and the same head on the backbone's Grad-CAM twin gives the map of
 * that class (on the Grad-CAM thread).
 */
final class RecipeClassifier implements FrameClassifier {
    private final Classifier classifier;
    private final CamBackbone twin;
    private final GradCam head;
    private final boolean allFrames;
    private final String stage;
    private final String label;

    private RecipeClassifier(Classifier classifier, CamBackbone twin, GradCam head, Recipe.ClassifierSettings settings,
                             String label) {
        this.classifier = classifier;
        this.twin = twin;
        this.head = head;
        this.allFrames = settings.allFrames();
        this.stage = settings.camStage();
        this.label = label;
    }

    /** Loads the recipe's classifier; a head trained on other backbone weights is refused with the fix. */
    static RecipeClassifier load(Recipe recipe, Recipe.ClassifierSettings settings, Path backboneDescriptor,
                                 Backbone backbone) throws CamException {
        ClassifierHead trained = ClassifierHead.load(settings.file(), backbone);
        Classifier classifier = Classifier.of(backbone, trained);
        CamBackbone twin = CamBackbone.load(backboneDescriptor, backbone);
        try {
            GradCam head = GradCam.forClassifier(twin, trained);
            if (!head.stages().contains(settings.camStage())) {
                throw new CamException("Recipe " + recipe.name() + ": classifier.camStage '" + settings.camStage()
                        + "' is not a stage of backbone " + backbone.descriptor().name() + " (" + head.stages() + ")");
            }
            String label = recipe.name() + " v" + recipe.version() + " classifier " + settings.file().getFileName()
                    + " (backbone " + trained.backboneSha256().substring(0, 8) + ")";
            return new RecipeClassifier(classifier, twin, head, settings, label);
        } catch (CamException | RuntimeException e) {
            twin.close();
            throw e;
        }
    }

    @Override
    public ClassPrediction classify(BufferedImage image) throws CamException {
        Classifier.Prediction p = classifier.classify(image);
        return new ClassPrediction(p.className(), Math.min(1, Math.max(0, p.probability())), label);
    }

    /** Where the classifier looked for the class it predicted, at the recipe's stage. */
    CamMap cam(BufferedImage image, ClassPrediction predicted) throws CamException {
        return head.explain(image, stage, OptionalInt.of(classifier.classes().indexOf(predicted.className())));
    }

    /** The trained head on the Grad-CAM twin, at the head's input size (for QA's audit and prototypes). */
    GradCam gradCam() {
        return head;
    }

    String camStage() {
        return stage;
    }

    @Override
    public String device() {
        return classifier.device();
    }

    @Override
    public String camDevice() {
        return twin.device();
    }

    @Override
    public boolean allFrames() {
        return allFrames;
    }

    @Override
    public void close() {
        twin.close();
    }
}
