package io.kensa.inspect;

import io.kensa.cam.CamAudit;
import io.kensa.cam.CamException;
import io.kensa.cam.ClassifierTraining;
import io.kensa.cam.Prototypes;
import io.kensa.config.KensaHome;
import io.kensa.detect.Backbone;
import io.kensa.detect.DetectException;
import io.kensa.detect.Progress;
import io.kensa.model.Operator;
import io.kensa.model.Permission;
import io.kensa.recipe.Recipe;
import io.kensa.recipe.RecipeException;
import io.kensa.recipe.Recipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * QA's look inside the recipe's defect classifier: the global Grad-CAM audit of a labelled set against its defect masks
 * (Classifier tab), and one prototype image per class (the recipe workspace). Each job loads the recipe's current head and its Grad-CAM twin
 * on the workstation's backbone and closes them before it returns, so the line's own classifier is never tied up.
 */
public final class CamWorkbench {
    private final KensaHome home;
    private final String recipeName;

    public CamWorkbench(KensaHome home, String recipeName) {
        this.home = home;
        this.recipeName = recipeName;
    }

    /** The labelled MVTec folder the recipe calibrates on (the parent of its {@code test/} folder), if it has one. */
    public Optional<Path> labelledFolder() {
        try {
            return new Recipes(home).load(recipeName).detector().calibrationImages()
                    .map(p -> p.getFileName() != null && p.getFileName().toString().equals("test") ? p.getParent() : p)
                    .filter(Files::isDirectory);
        } catch (RecipeException e) {
            return Optional.empty();
        }
    }

    /**
     * The audit of {@code data} (MVTec layout) at the recipe's Grad-CAM stage, with the ROAD check per image; an image
     * with less than {@code insideThreshold} of its CAM inside its mask is listed as off target.
     */
    public List<CamAudit.ClassAudit> audit(Backbone backbone, Path data, double insideThreshold, Operator operator,
                                           Progress progress, BooleanSupplier cancelled) throws CamException {
        Permission.EDIT_RECIPES.require(operator);
        try (RecipeClassifier classifier = load(backbone)) {
            CamAudit.Settings defaults = CamAudit.Settings.defaults();
            return CamAudit.run(classifier.gradCam(), data, new CamAudit.Settings(classifier.camStage(),
                    defaults.mapSize(), insideThreshold, defaults.faithfulness()), progress, cancelled);
        }
    }

    /** The prototype of each class, regularised towards up to {@code perClass} of its images in {@code data}. */
    public List<Prototypes.ClassPrototype> prototypes(Backbone backbone, Path data, int perClass,
                                                      Prototypes.Settings settings, Operator operator,
                                                      Progress progress, BooleanSupplier cancelled) throws CamException {
        Permission.EDIT_RECIPES.require(operator);
        ClassifierTraining.LabelledSet set = ClassifierTraining.open(data);
        try (RecipeClassifier classifier = load(backbone)) {
            return Prototypes.ofSet(classifier.gradCam(), set, perClass, settings, progress, cancelled);
        }
    }

    private RecipeClassifier load(Backbone backbone) throws CamException {
        try {
            Recipe recipe = new Recipes(home).load(recipeName);
            Recipe.ClassifierSettings settings = recipe.classifier().orElseThrow(() -> new CamException("Recipe "
                    + recipe.name() + " v" + recipe.version() + " names no classifier, so there are no classes to audit or"
                    + " to make prototypes of."
                    + " Train one with 'kensa classify train --data DIR --out FILE' and name it in classifier.file."));
            return RecipeClassifier.load(recipe, settings, Workstation.descriptorFile(home, recipe), backbone);
        } catch (RecipeException | DetectException e) {
            throw new CamException(e.getMessage(), e);
        }
    }
}
