package io.kensa.llm;

import java.util.List;

/**
 * The recipe's prompt sections, as in VELM: normal description (ND), anomaly classes (AD), classification
 * strategy (CS) and 1–3 reference normal images (RI). Profiles are versioned: an edit makes a new version,
 * and every explanation records the version it used.
 *
 * @param referenceImages  paths of reference normal images, relative to the recipe folder and inside it
 */
public record PromptProfile(String name, int version, String normalDescription, List<AnomalyClass> anomalyClasses,
                            String classificationStrategy, List<String> referenceImages) {
    public PromptProfile {
        anomalyClasses = List.copyOf(anomalyClasses);
        referenceImages = List.copyOf(referenceImages);
    }

    public List<String> classNames() {
        return anomalyClasses.stream().map(AnomalyClass::name).toList();
    }
}
