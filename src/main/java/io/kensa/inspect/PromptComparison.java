package io.kensa.inspect;

import io.kensa.detect.Progress;
import io.kensa.llm.Explainer;
import io.kensa.llm.LoadedProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Two versions of a profile on the same labelled set: how each figure moved, and every image whose answer changed,
 * with both answers, so QA sees what an edit fixed and what it broke.
 *
 * @param before   the report of the first version named
 * @param after    the report of the second
 * @param changed  the images answered differently, in the order of the set
 */
public record PromptComparison(PromptEvaluation.Report before, PromptEvaluation.Report after, List<Change> changed) {
    public PromptComparison {
        changed = List.copyOf(changed);
    }

    /** One image answered differently by the two versions. */
    public record Change(Path image, String truth, String before, String after) {
        /** +1 when the second version got it right and the first did not, −1 the other way round, 0 otherwise. */
        public int gain() {
            return (after.equals(truth) ? 1 : 0) - (before.equals(truth) ? 1 : 0);
        }
    }

    /**
     * Runs both versions on the samples (through the cache, so versions already measured are not asked again).
     *
     * @throws CancellationException when cancelled; the answers so far stay in the cache
     */
    public static PromptComparison run(Explainer explainer, LoadedProfile first, LoadedProfile second,
                                       List<PromptEvaluation.Sample> samples, AnswerCache cache, Progress progress,
                                       BooleanSupplier cancelled) throws PromptEvaluationException {
        PromptEvaluation.Report before = PromptEvaluation.run(explainer, first, samples, Optional.empty(), cache,
                PromptAblation.share(progress, 0, 2), cancelled);
        PromptEvaluation.Report after = PromptEvaluation.run(explainer, second, samples, Optional.empty(), cache,
                PromptAblation.share(progress, 1, 2), cancelled);
        return of(before, after);
    }

    /** Compares two reports of the same samples in the same order. */
    static PromptComparison of(PromptEvaluation.Report before, PromptEvaluation.Report after) {
        List<Change> changed = new ArrayList<>();
        for (int i = 0; i < before.outcomes().size(); i++) {
            PromptEvaluation.Outcome a = before.outcomes().get(i);
            PromptEvaluation.Outcome b = after.outcomes().get(i);
            if (!a.answer().equals(b.answer())) {
                changed.add(new Change(a.image(), a.truth(), a.answer(), b.answer()));
            }
        }
        return new PromptComparison(before, after, changed);
    }

    public double macroAccuracyDelta() {
        return after.macroAccuracy() - before.macroAccuracy();
    }

    public double macroF1Delta() {
        return after.macroF1() - before.macroF1();
    }

    /** Empty when either version's kappa is undefined. */
    public OptionalDouble kappaDelta() {
        return before.kappa().isPresent() && after.kappa().isPresent()
                ? OptionalDouble.of(after.kappa().getAsDouble() - before.kappa().getAsDouble()) : OptionalDouble.empty();
    }

    public double threeClassAccuracyDelta() {
        return after.threeClassAccuracy() - before.threeClassAccuracy();
    }

    public double accuracyDelta() {
        return after.accuracy() - before.accuracy();
    }

    public String toText() {
        String v1 = "v" + before.profileVersion();
        String v2 = "v" + after.profileVersion();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "Profile %s %s → %s on %d images, explainer %s%n%n", before.profileName(), v1, v2,
                before.images(), before.explainer()));
        s.append(String.format(Locale.ROOT, "%-18s %9s %9s %9s%n", "", v1, v2, "Δ"));
        s.append(line("macro accuracy", before.macroAccuracy(), after.macroAccuracy()));
        s.append(line("macro F1", before.macroF1(), after.macroF1()));
        s.append(String.format(Locale.ROOT, "%-18s %9s %9s %9s%n", "Cohen's kappa", PromptAblation.kappa(before.kappa()),
                PromptAblation.kappa(after.kappa()), kappaDelta().isEmpty() ? "n/a"
                        : String.format(Locale.ROOT, "%+.4f", kappaDelta().getAsDouble())));
        s.append(line("3-class accuracy", before.threeClassAccuracy(), after.threeClassAccuracy()));
        s.append(line("accuracy", before.accuracy(), after.accuracy()));
        long fixed = changed.stream().filter(c -> c.gain() > 0).count();
        long broken = changed.stream().filter(c -> c.gain() < 0).count();
        s.append(String.format(Locale.ROOT, "%n%d images answered differently (%d now right, %d now wrong)%n", changed.size(),
                fixed, broken));
        if (!changed.isEmpty()) {
            int width = Math.max(14, changed.stream().mapToInt(c -> shortName(c.image()).length()).max().orElse(0) + 2);
            s.append(String.format(Locale.ROOT, "%-" + width + "s %-16s %-16s %-16s%n", "image", "truth", v1, v2));
            for (Change c : changed) {
                s.append(String.format(Locale.ROOT, "%-" + width + "s %-16s %-16s %-16s%s%n", shortName(c.image()), c.truth(),
                        c.before(), c.after(), c.gain() > 0 ? "  fixed" : c.gain() < 0 ? "  broken" : ""));
            }
        }
        return s.toString();
    }

    private static String line(String name, double a, double b) {
        return String.format(Locale.ROOT, "%-18s %9.4f %9.4f %+9.4f%n", name, a, b, b - a);
    }

    /** {@code <class folder>/<file>}: enough to find an image of a labelled set. */
    public static String shortName(Path image) {
        Path parent = image.getParent();
        return parent == null ? image.toString() : parent.getFileName() + "/" + image.getFileName();
    }

    public String toJson() {
        return PromptJson.write(PromptJson.Comparison.of(this));
    }
}
