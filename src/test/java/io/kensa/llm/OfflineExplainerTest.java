package io.kensa.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.ShippedResources;
import io.kensa.detect.AnomalyMap;
import io.kensa.detect.Detection;
import io.kensa.model.ClassPrediction;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in offline explainer on the real demo images and their ground-truth masks. */
class OfflineExplainerTest {
    @TempDir
    Path home;

    private Explanation explain(ExplainRequest request) throws Exception {
        try (Explainer explainer = Explainers.create(LlmSettings.defaults(), Map.of(), home)) {
            return explainer.explain(request, s -> { }).result().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void describesWhereHowLargeAndWhichClassClearlyLabelledNotAnLlm() throws Exception {
        Explanation e = explain(Demo.request("broken_small", "000"));
        assertEquals(ExplanationStatus.OFFLINE, e.status());
        assertEquals("offline-rules", e.model());
        assertTrue(e.hasAnswer());
        assertTrue(e.rationale().startsWith("Offline rule-based description — not an LLM."), e.rationale());
        assertEquals("broken_small", e.anomalyClass().orElseThrow());
        assertEquals(Severity.DEFECT, e.severity().orElseThrow());
        assertTrue(e.rationale().contains("0.9% of the image"), e.rationale());
        assertTrue(e.rationale().contains("at the left of the image"), e.rationale());
        assertTrue(e.rationale().contains("rim and inner wall of the bottle"), e.rationale());
        assertTrue(e.rationale().contains("compact"), e.rationale());
        assertTrue(e.evidence().contains("x="), e.evidence());
    }

    @Test
    void centralBlobIsContaminationAndLargeRimDamageIsBrokenLarge() throws Exception {
        assertEquals("contamination", explain(Demo.request("contamination", "000")).anomalyClass().orElseThrow());
        assertEquals("broken_large", explain(Demo.request("broken_large", "000")).anomalyClass().orElseThrow());
    }

    @Test
    void nothingAboveThresholdIsNormal() throws Exception {
        Detection clean = new Detection(0.2, 0.5, new AnomalyMap(4, 4, new float[16]), 0, 1, List.of(), 320, 320,
                new Detection.DetectTimings(0, 0, 0), "cpu()");
        Explanation e = explain(new ExplainRequest(Demo.image("good", "000"), clean, Demo.profile()));
        assertEquals("normal", e.anomalyClass().orElseThrow());
        assertEquals(Severity.NORMAL, e.severity().orElseThrow());
    }

    @Test
    void classifierClassWinsOverGeometryAndSaysSo() throws Exception {
        ExplainRequest plain = Demo.request("broken_small", "000");
        Explanation byRule = explain(plain);
        Explanation byClassifier = explain(new ExplainRequest(plain.image(), plain.detection(), plain.profile(),
                Optional.of(new ClassPrediction("contamination", 0.83, "bottle classifier v1"))));
        assertEquals("broken_small", byRule.anomalyClass().orElseThrow(), "the geometric rule without a classifier");
        assertEquals("contamination", byClassifier.anomalyClass().orElseThrow());
        assertEquals(Severity.DEFECT, byClassifier.severity().orElseThrow(), "the profile's usual severity of the class");
        assertTrue(byClassifier.rationale().contains("The recipe's defect classifier names it contamination (83%)"),
                byClassifier.rationale());
        assertFalse(byClassifier.rationale().contains("geometric rule"), byClassifier.rationale());
    }

    @Test
    void classifierSayingGoodIsNormalAndUnknownClassFallsBackToRules() throws Exception {
        ExplainRequest plain = Demo.request("broken_small", "000");
        Explanation good = explain(new ExplainRequest(plain.image(), plain.detection(), plain.profile(),
                Optional.of(new ClassPrediction(ClassPrediction.GOOD, 0.7, "c"))));
        assertEquals("normal", good.anomalyClass().orElseThrow());
        assertEquals(Severity.NORMAL, good.severity().orElseThrow());
        assertTrue(good.rationale().contains("rates the part normal (good, 70%) although the anomaly detector flagged it"),
                good.rationale());
        Explanation unknown = explain(new ExplainRequest(plain.image(), plain.detection(), plain.profile(),
                Optional.of(new ClassPrediction("scratch", 0.9, "c"))));
        assertEquals("broken_small", unknown.anomalyClass().orElseThrow(), "a class the profile lacks is not offered");
    }

    @Test
    void profileWithoutRulesSuggestsNoClass() throws Exception {
        LoadedProfile p = Demo.profile();
        LoadedProfile noRules = new LoadedProfile(ProfileDocument.of(p.profile()), p.folder(), p.references());
        Explanation e = explain(new ExplainRequest(Demo.image("broken_small", "000"), Demo.detection("broken_small", "000"), noRules));
        assertTrue(e.anomalyClass().isEmpty());
        assertTrue(e.rationale().contains("no class is suggested"), e.rationale());
    }

    /** The rules' agreement with the true class on all 63 demo masks (the ceiling with a perfect detector). */
    @Test
    void rulesAgreeWithGroundTruthOnMostDemoMasks() throws Exception {
        LoadedProfile profile = Demo.profile();
        int right = 0;
        int total = 0;
        StringBuilder perClass = new StringBuilder();
        for (String defect : List.of("broken_large", "broken_small", "contamination")) {
            int classRight = 0;
            int classTotal = 0;
            try (Stream<Path> masks = Files.list(ShippedResources.demoBottle().resolve("ground_truth/" + defect))) {
                for (Path m : masks.sorted().toList()) {
                    Detection d = MaskDetections.fromMask(Demo.read(m), 320, 320);
                    ExplainRequest r = new ExplainRequest(Demo.image(defect, m.getFileName().toString().substring(0, 3)), d, profile);
                    Explanation e = OfflineExplainer.describe(r, Records.Source.of("offline", "offline-rules", "", profile.profile()), 0);
                    classRight += e.anomalyClass().orElse("").equals(defect) ? 1 : 0;
                    classTotal++;
                }
            }
            perClass.append(String.format(Locale.ROOT, " %s %d/%d", defect, classRight, classTotal));
            right += classRight;
            total += classTotal;
        }
        System.out.printf(Locale.ROOT, "offline rules vs ground truth: %d/%d (%.1f%%):%s%n", right, total, 100.0 * right / total, perClass);
        assertEquals(63, total);
        assertTrue(right >= 0.7 * total, "offline rules agree on " + right + "/" + total);
    }
}
