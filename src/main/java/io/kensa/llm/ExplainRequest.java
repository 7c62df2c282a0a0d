package io.kensa.llm;

import io.kensa.detect.Detection;
import io.kensa.model.ClassPrediction;
import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * One frame to explain: the clean image as captured, the detector's verdict on it, the recipe's profile, and the
 * defect classifier's class when the recipe has one (seed 000: the class name is what helps the LLM most).
 * The image is not modified.
 *
 * @param leftOut  the prompt part an ablation leaves out of this request (prompt measurement only); empty on the line
 */
public record ExplainRequest(BufferedImage image, Detection detection, LoadedProfile profile,
                             Optional<ClassPrediction> classHint, Optional<PromptPart> leftOut) {
    public ExplainRequest {
        classHint = classHint == null ? Optional.empty() : classHint;
        leftOut = leftOut == null ? Optional.empty() : leftOut;
    }

    /** A whole request with the defect classifier's hint. */
    public ExplainRequest(BufferedImage image, Detection detection, LoadedProfile profile,
                          Optional<ClassPrediction> classHint) {
        this(image, detection, profile, classHint, Optional.empty());
    }

    /** A request without a classifier's hint (the recipe has no classifier). */
    public ExplainRequest(BufferedImage image, Detection detection, LoadedProfile profile) {
        this(image, detection, profile, Optional.empty(), Optional.empty());
    }

    /** The same request with one prompt part left out (an ablation). */
    public ExplainRequest without(PromptPart part) {
        return new ExplainRequest(image, detection, profile, classHint, Optional.of(part));
    }

    /** Whether this request sends the part: every part but the one an ablation leaves out. */
    public boolean sends(PromptPart part) {
        return leftOut.filter(part::equals).isEmpty();
    }
}
