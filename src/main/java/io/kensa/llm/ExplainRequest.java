package io.kensa.llm;

import io.kensa.detect.Detection;
import io.kensa.model.ClassPrediction;
import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * One frame to explain: the clean image as captured, the detector's verdict on it, the recipe's profile, and the
 * defect classifier's class when the recipe has one (seed 000: the class name is what helps the LLM most).
 * The image is not modified.
 */
public record ExplainRequest(BufferedImage image, Detection detection, LoadedProfile profile,
                             Optional<ClassPrediction> classHint) {
    public ExplainRequest {
        classHint = classHint == null ? Optional.empty() : classHint;
    }

    /** A request without a classifier's hint (the recipe has no classifier). */
    public ExplainRequest(BufferedImage image, Detection detection, LoadedProfile profile) {
        this(image, detection, profile, Optional.empty());
    }
}
