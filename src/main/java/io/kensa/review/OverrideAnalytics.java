package io.kensa.review;

import io.kensa.model.ReviewCase;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Override analytics over standing decisions: accept and override rates (overall, per machine class, per
 * operator, per day), the machine-versus-inspector confusion matrix with Cohen's kappa, and the most common
 * override comments. Pure computation: the caller decides which decisions count (see
 * {@link ReviewedInspection#standing()}, which leaves undone decisions out).
 */
public final class OverrideAnalytics {
    private OverrideAnalytics() {}

    /**
     * @param zone         the time zone whose calendar days {@code perDay} uses
     * @param maxComments  how many of the most common override comments to keep
     */
    public static ReviewSummary summarise(List<ReviewCase> cases, ZoneId zone, int maxComments) {
        long overrides = cases.stream().filter(ReviewCase::overridden).count();
        long accepts = cases.size() - overrides;
        Map<String, String> operatorNames = new LinkedHashMap<>();
        cases.forEach(c -> operatorNames.putIfAbsent(c.decision().operator().id(),
                c.decision().operator().name() + " (" + c.decision().operator().id() + ")"));
        List<ReviewSummary.Rate> perDay = new ArrayList<>(rates(cases,
                c -> c.decision().decidedAt().atZone(zone).toLocalDate().toString()));
        perDay.sort(Comparator.comparing(ReviewSummary.Rate::key));
        return new ReviewSummary(cases.size(), accepts, overrides, byVolume(rates(cases, ReviewCase::machineClass)),
                byVolume(rates(cases, c -> operatorNames.get(c.decision().operator().id()))), perDay,
                confusion(cases), topComments(cases, maxComments));
    }

    public static ConfusionMatrix confusion(List<ReviewCase> cases) {
        TreeSet<String> labels = new TreeSet<>();
        cases.forEach(c -> {
            labels.add(c.machineClass());
            labels.add(c.finalClass());
        });
        List<String> order = List.copyOf(labels);
        long[][] counts = new long[order.size()][order.size()];
        for (ReviewCase c : cases) {
            counts[order.indexOf(c.machineClass())][order.indexOf(c.finalClass())]++;
        }
        return new ConfusionMatrix(order, counts);
    }

    private static List<ReviewSummary.Rate> rates(List<ReviewCase> cases, Function<ReviewCase, String> key) {
        Map<String, long[]> groups = new TreeMap<>();
        for (ReviewCase c : cases) {
            long[] g = groups.computeIfAbsent(key.apply(c), k -> new long[2]);
            g[0]++;
            if (c.overridden()) {
                g[1]++;
            }
        }
        List<ReviewSummary.Rate> out = new ArrayList<>();
        groups.forEach((k, g) -> out.add(new ReviewSummary.Rate(k, g[0], g[1])));
        return out;
    }

    private static List<ReviewSummary.Rate> byVolume(List<ReviewSummary.Rate> rates) {
        List<ReviewSummary.Rate> sorted = new ArrayList<>(rates);
        sorted.sort(Comparator.comparingLong(ReviewSummary.Rate::decided).reversed()
                .thenComparing(ReviewSummary.Rate::key));
        return sorted;
    }

    private static List<ReviewSummary.CommentCount> topComments(List<ReviewCase> cases, int max) {
        Map<String, String> firstWording = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ReviewCase c : cases) {
            String text = c.decision().comment().strip();
            if (!c.overridden() || text.isEmpty()) {
                continue;
            }
            String key = text.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
            firstWording.putIfAbsent(key, text);
            counts.merge(key, 1L, Long::sum);
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(0, max))
                .map(e -> new ReviewSummary.CommentCount(firstWording.get(e.getKey()), e.getValue()))
                .toList();
    }
}
