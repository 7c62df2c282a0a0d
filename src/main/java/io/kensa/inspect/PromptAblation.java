package io.kensa.inspect;

import io.kensa.detect.Progress;
import io.kensa.llm.Explainer;
import io.kensa.llm.LoadedProfile;
import io.kensa.llm.PromptPart;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * VELM's ablation on one's own labelled set: the whole profile once, then once per left-out prompt part, on the
 * same images, so each part's worth is the drop in the figures when it is missing.
 *
 * @param without  the report of each run with one part left out, in the order asked
 */
public record PromptAblation(PromptEvaluation.Report full, Map<PromptPart, PromptEvaluation.Report> without) {
    public PromptAblation {
        without = Collections.unmodifiableMap(new LinkedHashMap<>(without));
    }

    /**
     * Runs the whole profile, then the profile without each of {@code parts}; progress goes from 0 to 1 over all runs.
     *
     * @throws CancellationException when cancelled; the answers so far stay in the cache, so a rerun resumes
     */
    public static PromptAblation run(Explainer explainer, LoadedProfile profile, List<PromptEvaluation.Sample> samples,
                                     List<PromptPart> parts, AnswerCache cache, Progress progress,
                                     BooleanSupplier cancelled) throws PromptEvaluationException {
        int runs = parts.size() + 1;
        PromptEvaluation.Report full = PromptEvaluation.run(explainer, profile, samples, Optional.empty(), cache,
                share(progress, 0, runs), cancelled);
        Map<PromptPart, PromptEvaluation.Report> without = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            without.put(parts.get(i), PromptEvaluation.run(explainer, profile, samples, Optional.of(parts.get(i)), cache,
                    share(progress, i + 1, runs), cancelled));
        }
        return new PromptAblation(full, without);
    }

    /** The progress of run {@code index} of {@code runs} as its share of the whole. */
    static Progress share(Progress progress, int index, int runs) {
        return (fraction, message) -> progress.update((index + Math.min(1, fraction)) / runs,
                String.format(Locale.ROOT, "run %d/%d, %s", index + 1, runs, message));
    }

    /** The VELM-style table: one row for the whole profile, one per left-out part with its drop in macro accuracy. */
    public String toText() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Ablation of profile %s v%d on %d images, explainer %s%n%n", full.profileName(),
                full.profileVersion(), full.images(), full.explainer()));
        s.append(String.format(Locale.ROOT, "%-42s %9s %8s %8s %7s %8s %8s%n", "prompt", "macro acc", "Δ", "macro F1",
                "kappa", "3-class", "invalid"));
        s.append(row("full profile", full, Optional.empty()));
        without.forEach((part, r) -> s.append(row("without " + part.name() + " (" + part.label() + ")", r,
                Optional.of(r.macroAccuracy() - full.macroAccuracy()))));
        s.append(String.format(Locale.ROOT, "%n(the full profile's per-class figures and confusion matrix:)%n%n"))
                .append(full.toText());
        return s.toString();
    }

    private static String row(String name, PromptEvaluation.Report r, Optional<Double> delta) {
        return String.format(Locale.ROOT, "%-42s %9.4f %8s %8.4f %7s %8.4f %8d%n", name, r.macroAccuracy(),
                delta.map(d -> String.format(Locale.ROOT, "%+.4f", d)).orElse(""), r.macroF1(), kappa(r.kappa()),
                r.threeClassAccuracy(), r.invalidAnswers() + r.failures());
    }

    static String kappa(OptionalDouble kappa) {
        return kappa.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.4f", kappa.getAsDouble());
    }

    /**
     * One JSON object: {@code macro_accuracy}, {@code macro_f1}, {@code kappa} (and the other figures) of the whole
     * profile, an {@code ablation} map of the same figures per left-out part, and the whole profile's full report.
     */
    public String toJson() {
        return PromptJson.write(PromptJson.Ablation.of(full, without));
    }
}
