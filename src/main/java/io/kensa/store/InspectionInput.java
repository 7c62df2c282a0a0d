package io.kensa.store;

import io.kensa.capture.Frame;
import io.kensa.detect.Detection;

/**
 * One inspected frame to store: the image (kept losslessly), the detector's verdict and the recipe it used.
 *
 * @param recipeVersion  the recipe version, so the decision can be replayed with the same settings later
 */
public record InspectionInput(Frame frame, Detection detection, String recipeName, int recipeVersion) {
    public InspectionInput {
        if (frame == null || detection == null) {
            throw new IllegalArgumentException("an inspection needs a frame and its detection");
        }
        if (recipeName == null || recipeName.isBlank()) {
            throw new IllegalArgumentException("an inspection needs the recipe name it was inspected with");
        }
    }
}
