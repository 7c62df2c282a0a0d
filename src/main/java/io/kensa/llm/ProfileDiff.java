package io.kensa.llm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line diff of two prompt profiles for reviewers. Profiles are rendered as readable text first, one sentence per
 * line, so an edited sentence in a long normal description shows as that sentence, not as the whole paragraph.
 */
public final class ProfileDiff {
    public enum Change { SAME, REMOVED, ADDED }

    public record Line(Change change, String text) {
        /** The line with a unified-diff marker: two spaces, {@code - } or {@code + }. */
        public String marked() {
            return switch (change) {
                case SAME -> "  ";
                case REMOVED -> "- ";
                case ADDED -> "+ ";
            } + text;
        }
    }

    private ProfileDiff() {}

    /** The profile as readable lines: sections, one sentence per line, then the offline rules. */
    public static List<String> lines(ProfileDocument document) {
        PromptProfile p = document.profile();
        List<String> out = new ArrayList<>();
        out.add("name: " + p.name());
        out.add("## Normal description (ND)");
        out.addAll(sentences(p.normalDescription()));
        out.add("## Anomaly classes (AD)");
        for (AnomalyClass c : p.anomalyClasses()) {
            out.add("### " + c.name() + " (default severity " + c.defaultSeverity().wire() + ")");
            sentences(c.definition()).forEach(s -> out.add("definition: " + s));
            sentences(c.distinguishFrom()).forEach(s -> out.add("distinguish: " + s));
        }
        out.add("## Classification strategy (CS)");
        out.addAll(sentences(p.classificationStrategy()));
        out.add("## Reference images");
        p.referenceImages().forEach(r -> out.add("image: " + r));
        OfflineHints h = document.offline();
        out.add("## Offline rules");
        out.add(String.format(Locale.ROOT, "zones: centre < %.2f, ring < %.2f", h.centreRadius(), h.ringRadius()));
        h.rules().forEach(r -> out.add("rule: " + r.describe() + " -> " + r.className()));
        return out;
    }

    /** The shortest edit from {@code older} to {@code newer}, as kept, removed and added lines in reading order. */
    public static List<Line> diff(ProfileDocument older, ProfileDocument newer) {
        return diff(lines(older), lines(newer));
    }

    /** Every line with its marker, one per line, like {@code diff -u} without hunk headers. */
    public static String unified(ProfileDocument older, ProfileDocument newer) {
        StringBuilder s = new StringBuilder();
        for (Line line : diff(older, newer)) {
            s.append(line.marked()).append('\n');
        }
        return s.toString();
    }

    static List<Line> diff(List<String> a, List<String> b) {
        // longest common subsequence table; profiles are tens of lines, so O(n·m) is nothing
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<Line> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            if (a.get(i).equals(b.get(j))) {
                out.add(new Line(Change.SAME, a.get(i++)));
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                out.add(new Line(Change.REMOVED, a.get(i++)));
            } else {
                out.add(new Line(Change.ADDED, b.get(j++)));
            }
        }
        while (i < a.size()) {
            out.add(new Line(Change.REMOVED, a.get(i++)));
        }
        while (j < b.size()) {
            out.add(new Line(Change.ADDED, b.get(j++)));
        }
        return out;
    }

    private static List<String> sentences(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.strip().split("(?<=[.!?;])\\s+")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }
}
