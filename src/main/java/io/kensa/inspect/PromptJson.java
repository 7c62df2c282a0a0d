package io.kensa.inspect;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kensa.llm.PromptPart;
import io.kensa.model.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The JSON forms of the prompt measurements ({@code kensa prompts evaluate --json}, {@code --ablate}, {@code --compare})
 * as records Jackson writes: the keys are the record components (VELM's snake-case names where a table compares
 * figures, camelCase in the full report, as scripts already read them).
 */
final class PromptJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private PromptJson() {}

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the prompt measurement as JSON", e);
        }
    }

    /** The figures an ablation table and a comparison show; {@code kappa} is null when it is undefined. */
    record Figures(@JsonProperty("macro_accuracy") double macroAccuracy, @JsonProperty("macro_f1") double macroF1,
                   Double kappa, @JsonProperty("three_class_accuracy") double threeClassAccuracy, double accuracy,
                   int images, @JsonProperty("invalid_answers") int invalidAnswers, int failures) {
        static Figures of(PromptEvaluation.Report r) {
            return new Figures(r.macroAccuracy(), r.macroF1(), orNull(r.kappa()), r.threeClassAccuracy(), r.accuracy(),
                    r.images(), r.invalidAnswers(), r.failures());
        }
    }

    record Report(String profile, int profileVersion, String leftOut, String explainer, String anomalyMaps, int images,
                  double macroAccuracy, double accuracy, double macroF1, Double kappa, double threeClassAccuracy,
                  double severityAgreement, int invalidAnswers, int failures, int cacheHits, long promptTokens,
                  long completionTokens, long latencyMeanMs, long latencyP50Ms, long latencyP95Ms, double wallSeconds,
                  List<ClassRow> classes, Confusion confusion, List<OutcomeRow> outcomes) {
        static Report of(PromptEvaluation.Report r) {
            PromptEvaluation.Confusion c = r.confusion();
            return new Report(r.profileName(), r.profileVersion(), r.leftOut().map(PromptPart::name).orElse(""),
                    r.explainer(), "ground-truth masks", r.images(), r.macroAccuracy(), r.accuracy(), r.macroF1(),
                    orNull(r.kappa()), r.threeClassAccuracy(), r.severityAgreement(), r.invalidAnswers(), r.failures(),
                    r.cacheHits(), r.promptTokens(), r.completionTokens(), r.latencyMeanMs(), r.latencyP50Ms(),
                    r.latencyP95Ms(), r.wallSeconds(),
                    r.classes().stream().map(s -> new ClassRow(s.name(), s.support(), s.answered(), s.correct(),
                            s.precision(), s.recall(), s.f1())).toList(),
                    new Confusion(c.answers(), c.truths().stream().map(t -> new ConfusionRow(t,
                            c.answers().stream().map(a -> c.count(t, a)).toList())).toList()),
                    r.outcomes().stream().map(o -> new OutcomeRow(o.image().toString(), o.truth(), o.answer(),
                            o.status().name(), o.severity().map(Severity::wire).orElse(""), o.latencyMs())).toList());
        }
    }

    record ClassRow(String name, int images, int answered, int correct, double precision, double recall, double f1) {}

    record Confusion(List<String> answers, List<ConfusionRow> rows) {}

    record ConfusionRow(String truth, List<Integer> counts) {}

    record OutcomeRow(String image, String truth, String answer, String status, String severity, long latencyMs) {}

    /** The whole profile's figures, then one entry per left-out part, then the whole profile's full report. */
    record Ablation(@JsonUnwrapped Figures figures, String profile, @JsonProperty("profile_version") int profileVersion,
                    String explainer, Map<String, LeftOut> ablation, Report report) {
        static Ablation of(PromptEvaluation.Report full, Map<PromptPart, PromptEvaluation.Report> without) {
            Map<String, LeftOut> parts = new LinkedHashMap<>();
            without.forEach((part, r) -> parts.put(part.name(),
                    new LeftOut(Figures.of(r), r.macroAccuracy() - full.macroAccuracy())));
            return new Ablation(Figures.of(full), full.profileName(), full.profileVersion(), full.explainer(), parts,
                    Report.of(full));
        }
    }

    record LeftOut(@JsonUnwrapped Figures figures, @JsonProperty("macro_accuracy_delta") double macroAccuracyDelta) {}

    record Comparison(String profile, String explainer, Version before, Version after, Delta delta,
                      List<ChangeRow> changed) {
        static Comparison of(PromptComparison c) {
            return new Comparison(c.before().profileName(), c.before().explainer(),
                    new Version(Figures.of(c.before()), c.before().profileVersion()),
                    new Version(Figures.of(c.after()), c.after().profileVersion()),
                    new Delta(c.macroAccuracyDelta(), c.macroF1Delta(), orNull(c.kappaDelta()),
                            c.threeClassAccuracyDelta(), c.accuracyDelta()),
                    c.changed().stream().map(ch -> new ChangeRow(ch.image().toString(), ch.truth(), ch.before(),
                            ch.after())).toList());
        }
    }

    record Version(@JsonUnwrapped Figures figures, int version) {}

    record Delta(@JsonProperty("macro_accuracy") double macroAccuracy, @JsonProperty("macro_f1") double macroF1,
                 Double kappa, @JsonProperty("three_class_accuracy") double threeClassAccuracy, double accuracy) {}

    record ChangeRow(String image, String truth, String before, String after) {}

    private static Double orNull(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : null;
    }
}
