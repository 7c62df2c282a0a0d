package io.kensa.model;

import java.util.Locale;

/**
 * What the recipe's defect classifier says of a frame: the most likely class and its probability. {@code good} is
 * the classifier's name for a normal part. It is a hint beside the anomaly detector, shown to the inspector, sent to
 * the LLM and stored with the inspection; the inspector's decision stays the final class.
 *
 * @param classifier  which classifier said it (recipe, version and backbone), so a stored hint can be traced back
 */
public record ClassPrediction(String className, double probability, String classifier) {
    public static final String GOOD = "good";

    public ClassPrediction {
        if (className == null || className.isBlank()) {
            throw new IllegalArgumentException("a class prediction needs a class name");
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("a class probability must lie in [0, 1], not " + probability);
        }
        classifier = classifier == null ? "" : classifier;
    }

    public boolean good() {
        return GOOD.equals(className);
    }

    /** "contamination (87%)": the hint as the case pane and the explanations word it. */
    public String describe() {
        return String.format(Locale.ROOT, "%s (%.0f%%)", className, 100 * probability);
    }
}
