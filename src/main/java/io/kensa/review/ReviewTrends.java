package io.kensa.review;

import io.kensa.model.ReviewCase;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What changes over time and what the scores looked like: override rate per shift, the moments a new recipe or
 * prompt version came into use (to mark on the time axis), and the distribution of detector scores of accepted
 * against overridden cases.
 *
 * @param perShift  by {@link Shifts.Slot} ({@code 2026-12-01 early}), oldest first
 * @param changes   the first decision made on each recipe version and each prompt version, oldest first
 */
public record ReviewTrends(List<ReviewSummary.Rate> perShift, List<Change> changes, ScoreDistribution scores) {
    public ReviewTrends {
        perShift = List.copyOf(perShift);
        changes = List.copyOf(changes);
    }

    public enum ChangeKind { RECIPE, PROMPT }

    /** @param label {@code bottle v3} or {@code bottle-default v2} */
    public record Change(Instant at, ChangeKind kind, String label) {}

    public static ReviewTrends of(List<ReviewCase> cases, ZoneId zone, Shifts shifts) {
        List<ReviewCase> byTime = new ArrayList<>(cases);
        byTime.sort(Comparator.comparing(c -> c.decision().decidedAt()));
        Map<Shifts.Slot, long[]> slots = new TreeMap<>();
        Map<String, Change> firstUse = new LinkedHashMap<>();
        for (ReviewCase c : byTime) {
            long[] g = slots.computeIfAbsent(shifts.slotOf(c.decision().decidedAt().atZone(zone)), k -> new long[2]);
            g[0]++;
            g[1] += c.overridden() ? 1 : 0;
            Instant at = c.decision().decidedAt();
            String recipe = c.inspection().recipeName() + " v" + c.inspection().recipeVersion();
            firstUse.putIfAbsent("r:" + recipe, new Change(at, ChangeKind.RECIPE, recipe));
            c.shown().ifPresent(a -> {
                String prompt = a.profileName() + " v" + a.profileVersion();
                firstUse.putIfAbsent("p:" + prompt, new Change(at, ChangeKind.PROMPT, prompt));
            });
        }
        List<ReviewSummary.Rate> perShift = new ArrayList<>();
        slots.forEach((slot, g) -> perShift.add(new ReviewSummary.Rate(slot.toString(), g[0], g[1])));
        return new ReviewTrends(perShift, List.copyOf(firstUse.values()), ScoreDistribution.of(cases));
    }
}
