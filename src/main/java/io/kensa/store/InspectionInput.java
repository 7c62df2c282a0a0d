package io.kensa.store;

import io.kensa.capture.Frame;
import io.kensa.detect.Detection;
import io.kensa.model.ClassPrediction;
import java.util.Optional;

/**
 * One inspected frame to store: the image (kept losslessly), the detector's verdict and the recipe it used.
 *
 * @param recipeVersion  the recipe version, so the decision can be replayed with the same settings later
 * @param classification the recipe's defect classifier's class for the frame, when the recipe has a classifier
 */
public record InspectionInput(Frame frame, Detection detection, String recipeName, int recipeVersion,
                              Optional<ClassPrediction> classification) {
    public InspectionInput {
        classification = classification == null ? Optional.empty() : classification;
        if (frame == null || detection == null) {
            throw new IllegalArgumentException("an inspection needs a frame and its detection");
        }
        if (recipeName == null || recipeName.isBlank()) {
            throw new IllegalArgumentException("an inspection needs the recipe name it was inspected with");
        }
    }

    /** An inspection of a recipe without a defect classifier. */
    public InspectionInput(Frame frame, Detection detection, String recipeName, int recipeVersion) {
        this(frame, detection, recipeName, recipeVersion, Optional.empty());
    }
}
