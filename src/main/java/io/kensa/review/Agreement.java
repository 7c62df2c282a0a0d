package io.kensa.review;

import io.kensa.model.MachineAnswer;
import io.kensa.model.ReviewCase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * How well the machine's class agreed with the inspectors' final class within one recipe version or prompt
 * version: accuracy, macro F1 and Cohen's kappa, with the number of decisions behind them (a kappa over twelve
 * decisions is not a kappa over twelve thousand).
 *
 * @param key  {@code bottle v3} or {@code bottle-default v2}; {@value #NO_EXPLANATION} for decisions made without
 *             an explanation on screen
 */
public record Agreement(String key, long decided, double accuracy, OptionalDouble macroF1, OptionalDouble kappa) {
    public static final String NO_EXPLANATION = "no explanation shown";

    public static List<Agreement> byRecipeVersion(List<ReviewCase> cases) {
        return grouped(cases, c -> c.inspection().recipeName() + " v" + c.inspection().recipeVersion());
    }

    /** By the prompt profile of the explanation shown when deciding. */
    public static List<Agreement> byPromptVersion(List<ReviewCase> cases) {
        return grouped(cases, c -> c.shown().map(Agreement::profile).orElse(NO_EXPLANATION));
    }

    public static Agreement of(String key, List<ReviewCase> cases) {
        ConfusionMatrix m = OverrideAnalytics.confusion(cases);
        return new Agreement(key, cases.size(), m.agreement().orElse(0), m.macroF1(), m.kappa());
    }

    private static String profile(MachineAnswer a) {
        return a.profileName() + " v" + a.profileVersion();
    }

    private static List<Agreement> grouped(List<ReviewCase> cases, Function<ReviewCase, String> key) {
        Map<String, List<ReviewCase>> groups = new TreeMap<>();
        cases.forEach(c -> groups.computeIfAbsent(key.apply(c), k -> new ArrayList<>()).add(c));
        List<Agreement> out = new ArrayList<>();
        groups.forEach((k, group) -> out.add(of(k, group)));
        return out;
    }
}
