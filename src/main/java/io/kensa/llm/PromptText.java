package io.kensa.llm;

import io.kensa.detect.Detection;
import io.kensa.model.ClassPrediction;
import java.util.Locale;
import java.util.Optional;

/**
 * The structured text prompt, in VELM's sections: normal description (ND), anomaly classes with how to tell them
 * apart (AD), classification strategy (CS), then the detector's facts and the answer format.
 */
final class PromptText {
    static final String ND = "## Normal description (ND)";
    static final String AD = "## Anomaly classes (AD)";
    static final String CS = "## Classification strategy (CS)";
    static final String FACTS = "## Detector findings";
    static final String ANSWER = "## Answer";

    static final String SYSTEM = "You are a visual inspection assistant on a production line. You classify anomalies "
            + "that an anomaly detector has flagged, using only the classes you are given, and explain your answer "
            + "to a line inspector in plain words. Answer with JSON only.";

    private PromptText() {}

    /** The text of a request, without the sections its ablation leaves out ({@link ExplainRequest#sends}). */
    static String build(ExplainRequest request) {
        PromptProfile profile = request.profile().profile();
        Detection detection = request.detection();
        int referenceCount = request.sends(PromptPart.RI) ? request.profile().references().size() : 0;
        MapGeometry g = MapGeometry.of(detection);
        StringBuilder s = new StringBuilder();
        s.append("You see ");
        if (referenceCount > 0) {
            s.append(referenceCount).append(referenceCount == 1 ? " reference image" : " reference images")
                    .append(" of a normal part, then ");
        }
        s.append(request.sends(PromptPart.VP) ? "the query image, then the same query image with the region the anomaly "
                + "detector flagged outlined in red." : "the query image.");
        s.append(" Decide whether the query shows one of the anomaly classes below or is normal, and how severe it is.\n\n");
        if (request.sends(PromptPart.ND)) {
            s.append(ND).append('\n').append(profile.normalDescription().strip()).append("\n\n");
        }
        if (request.sends(PromptPart.AD)) {
            s.append(AD).append('\n');
            for (AnomalyClass c : profile.anomalyClasses()) {
                s.append("- ").append(c.name()).append(": ").append(c.definition().strip());
                if (!c.distinguishFrom().isBlank()) {
                    s.append(" How to tell it apart: ").append(c.distinguishFrom().strip());
                }
                s.append(" Usual severity: ").append(c.defaultSeverity().wire()).append(".\n");
            }
            s.append("- normal: none of the above; the flagged area is within normal variation.\n\n");
        }
        if (request.sends(PromptPart.CS)) {
            s.append(CS).append('\n').append(profile.classificationStrategy().strip()).append("\n\n");
        }
        s.append(FACTS).append('\n').append(facts(detection, g)).append(classHint(request.classHint())).append("\n\n");
        s.append(ANSWER).append('\n')
                .append("Reply with one JSON object with exactly these fields: class (one of ")
                .append(String.join(", ", AnswerSchema.allowedClasses(profile)))
                .append("), severity (normal = nothing to act on, minor = anomalous but tolerable, defect = reject the part), "
                        + "confidence (0 to 1), rationale (2 to 4 sentences an inspector understands: what you see, where, "
                        + "why this class and severity), evidence (where on the image to look).");
        return s.toString();
    }

    /**
     * The defect classifier's class, as a hint the model may overrule: "good" is the classifier's word for normal.
     * Empty when the recipe has no classifier.
     */
    static String classHint(Optional<ClassPrediction> hint) {
        return hint.map(h -> String.format(Locale.ROOT, "%n- The recipe's defect classifier suggests class %s with "
                + "probability %.2f; it can be wrong, so check it against the image.",
                h.good() ? "normal" : h.className(), h.probability())).orElse("");
    }

    /** The detector's facts in words: score, threshold, region count, area, position. */
    static String facts(Detection d, MapGeometry g) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "- Anomaly score %.4g, decision threshold %.4g: %s.%n", d.score(), d.threshold(),
                d.anomalous() ? "flagged as anomalous" : "below the threshold (sent on request for a second opinion)"));
        if (g.empty()) {
            s.append("- No pixel of the anomaly map is above the threshold, so nothing is outlined.");
            return s.toString();
        }
        s.append(String.format(Locale.ROOT, "- %d %s above the threshold, covering %.2f%% of the image (%,d px).%n",
                g.blobs.size(), g.blobs.size() == 1 ? "region" : "regions", g.areaPercent(), g.framePixels(g.flaggedPixels)));
        MapGeometry.Blob largest = g.blobs.get(0);
        s.append(String.format(Locale.ROOT, "- Largest region: %.2f%% of the image, %d×%d px, at the %s of the image, %s.",
                100.0 * largest.pixels() / (g.mapWidth * (double) g.mapHeight),
                Math.round(largest.width() * d.frameWidth() / (double) g.mapWidth),
                Math.round(largest.height() * d.frameHeight() / (double) g.mapHeight),
                g.position(largest.sumX() / largest.pixels(), largest.sumY() / largest.pixels()), MapGeometry.shape(largest)));
        return s.toString();
    }
}
