package io.kensa.inspect;

import io.kensa.capture.Frame;
import io.kensa.detect.Detection;
import io.kensa.model.ClassPrediction;
import java.util.Optional;

/**
 * A frame together with the detector's verdict on it and, when the recipe has a defect classifier that ran on this
 * frame, the classifier's class.
 */
public record Inspected(Frame frame, Detection detection, Optional<ClassPrediction> classification) {
    public Inspected {
        classification = classification == null ? Optional.empty() : classification;
    }

    /** A frame the recipe's classifier did not look at (no classifier, or a frame below the threshold). */
    public Inspected(Frame frame, Detection detection) {
        this(frame, detection, Optional.empty());
    }
}
