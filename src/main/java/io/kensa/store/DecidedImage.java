package io.kensa.store;

import io.kensa.model.Action;
import io.kensa.model.DecisionId;
import io.kensa.model.InspectionId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * An inspection whose standing decision (the newest accept or override not undone) names its true class: one
 * labelled image of the decision log, for retraining the recipe's defect classifier.
 *
 * @param finalClass   the inspector's class in the classifier's words: the class accepted or the override's class,
 *                     {@code normal} as {@code good}
 * @param machineClass the recipe's classifier's class when the frame was inspected, empty when it was not classified
 * @param imageSha256  the stored image's sha256 (also its file name); the same frame replayed twice has one
 * @param image        the stored lossless PNG; it may be missing (deleted, or the image folder moved): check it
 */
public record DecidedImage(InspectionId inspection, int recipeVersion, DecisionId decision, Action action,
                           Instant decidedAt, String finalClass, Optional<String> machineClass, String imageSha256,
                           Path image) {
    public DecidedImage {
        machineClass = machineClass == null ? Optional.empty() : machineClass;
    }
}
