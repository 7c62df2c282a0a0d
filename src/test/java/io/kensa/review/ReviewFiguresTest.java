package io.kensa.review;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.model.ReviewCase;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The supervisor's figures against values worked out by hand. */
class ReviewFiguresTest {
    private static final ZoneId UTC = ZoneOffset.UTC;

    @Test
    void wilsonIntervalIsWideForFewDecisionsAndNarrowForMany() {
        ReviewSummary.Rate few = new ReviewSummary.Rate("x", 4, 1);
        // Wilson 95% for 1/4: 0.0456 .. 0.6994 (textbook values)
        assertEquals(0.0456, few.overrideRateLow(), 1e-4);
        assertEquals(0.6994, few.overrideRateHigh(), 1e-4);
        ReviewSummary.Rate many = new ReviewSummary.Rate("y", 4000, 1000);
        assertEquals(0.25, many.overrideRate(), 1e-12);
        assertTrue(many.overrideRateHigh() - many.overrideRateLow() < 0.03, "±1.3 points at n=4000");
        ReviewSummary.Rate none = new ReviewSummary.Rate("z", 0, 0);
        assertEquals(0, none.overrideRateLow());
        assertEquals(1, none.overrideRateHigh(), "nothing known without decisions");
        ReviewSummary.Rate all = new ReviewSummary.Rate("w", 5, 5);
        assertEquals(1, all.overrideRateHigh(), 1e-12);
        assertEquals(0.5655, all.overrideRateLow(), 1e-4);
    }

    @Test
    void macroF1AndAgreementFromAHandCountedMatrix() {
        // machine rows × inspector columns over [a, b]: a→a 3, a→b 1, b→b 2
        ConfusionMatrix m = new ConfusionMatrix(List.of("a", "b"), new long[][] {{3, 1}, {0, 2}});
        // a: precision 3/4, recall 3/3 → F1 6/7; b: precision 2/2, recall 2/3 → F1 0.8
        List<ConfusionMatrix.LabelScore> per = m.perLabel();
        assertEquals(0.75, per.get(0).precision(), 1e-12);
        assertEquals(1.0, per.get(0).recall(), 1e-12);
        assertEquals(3, per.get(0).support());
        assertEquals(4, per.get(0).answered());
        assertEquals(2.0 / 3, per.get(1).recall(), 1e-12);
        assertEquals((6.0 / 7 + 0.8) / 2, m.macroF1().getAsDouble(), 1e-12);
        assertEquals(5.0 / 6, m.agreement().getAsDouble(), 1e-12);
        // pe = (4/6)(3/6) + (2/6)(3/6) = 0.5 → kappa = (5/6 − 0.5)/0.5 = 2/3
        assertEquals(2.0 / 3, m.kappa().getAsDouble(), 1e-12);
        assertTrue(new ConfusionMatrix(List.of(), new long[0][0]).macroF1().isEmpty());
    }

    @Test
    void agreementIsPerRecipeVersionAndPerPromptVersionWithItsCount() {
        List<ReviewCase> cases = new ArrayList<>();
        ReviewCases v1 = ReviewCases.at("2026-03-02T08:00:00Z").recipe("bottle", 1).prompt("p", 1);
        ReviewCases v2 = ReviewCases.at("2026-03-03T08:00:00Z").recipe("bottle", 2).prompt("p", 2);
        cases.add(v1.accept("crack"));
        cases.add(v1.override("crack", "scratch"));
        cases.add(v2.accept("crack"));
        cases.add(v2.accept("scratch"));
        cases.add(ReviewCases.at("2026-03-03T09:00:00Z").recipe("bottle", 2).unexplained().override("x", "crack"));

        List<Agreement> byRecipe = Agreement.byRecipeVersion(cases);
        assertEquals(List.of("bottle v1", "bottle v2"), byRecipe.stream().map(Agreement::key).toList());
        assertEquals(2, byRecipe.get(0).decided());
        assertEquals(0.5, byRecipe.get(0).accuracy(), 1e-12);
        assertEquals(3, byRecipe.get(1).decided());
        assertEquals(2.0 / 3, byRecipe.get(1).accuracy(), 1e-12, "the unexplained override disagrees (anomalous ≠ crack)");

        List<Agreement> byPrompt = Agreement.byPromptVersion(cases);
        assertEquals(List.of(Agreement.NO_EXPLANATION, "p v1", "p v2"), byPrompt.stream().map(Agreement::key).toList());
        Agreement p2 = byPrompt.get(2);
        assertEquals(2, p2.decided());
        assertEquals(1.0, p2.accuracy(), 1e-12);
        assertEquals(1.0, p2.kappa().getAsDouble(), 1e-12, "two classes, all agreed");
        assertTrue(byPrompt.get(1).kappa().isPresent());
        assertEquals(0.0, byPrompt.get(1).kappa().getAsDouble(), 1e-12, "p v1: agreement no better than chance");
    }

    @Test
    void shiftsRunPastMidnightIntoTheDayTheyStarted() {
        Shifts s = Shifts.THREE_EIGHT_HOUR;
        assertEquals(new Shifts.Slot(LocalDate.of(2026, 3, 2), 0, "early"), s.slotOf(at("2026-03-02T06:00:00Z")));
        assertEquals(new Shifts.Slot(LocalDate.of(2026, 3, 2), 1, "late"), s.slotOf(at("2026-03-02T21:59:59Z")));
        assertEquals(new Shifts.Slot(LocalDate.of(2026, 3, 2), 2, "night"), s.slotOf(at("2026-03-02T22:00:00Z")));
        assertEquals(new Shifts.Slot(LocalDate.of(2026, 3, 2), 2, "night"), s.slotOf(at("2026-03-03T05:59:00Z")),
                "the night shift that started on the 2nd");
        Shifts two = Shifts.parse("day=07:30, night=19:30");
        assertEquals(List.of(new Shifts.Shift("day", LocalTime.of(7, 30)), new Shifts.Shift("night", LocalTime.of(19, 30))),
                two.starts());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Shifts.parse("early=6am"));
        assertTrue(bad.getMessage().contains("'6am' is not a time of day HH:MM"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shifts.parse("a=06:00,b=06:00"));
        assertThrows(IllegalArgumentException.class, () -> Shifts.parse("=06:00"));
    }

    @Test
    void trendsCountPerShiftMarkEachNewVersionOnceAndBinScoresByThreshold() {
        List<ReviewCase> cases = List.of(
                ReviewCases.at("2026-03-02T07:00:00Z").recipe("bottle", 1).prompt("p", 1).score(4.2, 4.0).accept("crack"),
                ReviewCases.at("2026-03-02T23:00:00Z").recipe("bottle", 1).prompt("p", 1).score(4.4, 4.0).override("crack", "normal"),
                ReviewCases.at("2026-03-03T02:00:00Z").recipe("bottle", 2).prompt("p", 1).score(8.0, 4.0).override("crack", "normal"),
                ReviewCases.at("2026-03-03T10:00:00Z").recipe("bottle", 2).prompt("p", 2).score(100, 4.0).accept("crack"),
                ReviewCases.at("2026-03-03T11:00:00Z").recipe("bottle", 1).prompt("p", 2).score(Double.NaN, 4.0).accept("crack"));
        ReviewTrends t = ReviewTrends.of(cases, UTC, Shifts.THREE_EIGHT_HOUR);
        assertEquals(List.of("2026-03-02 early", "2026-03-02 night", "2026-03-03 early"),
                t.perShift().stream().map(ReviewSummary.Rate::key).toList());
        assertEquals(2, t.perShift().get(1).decided(), "23:00 and 02:00 are the same night shift");
        assertEquals(2, t.perShift().get(1).overrides());
        assertEquals(List.of("bottle v1", "p v1", "bottle v2", "p v2"), t.changes().stream().map(ReviewTrends.Change::label).toList(),
                "each version once, at its first decision; going back to v1 is not a new change");
        assertEquals(ReviewTrends.ChangeKind.PROMPT, t.changes().get(1).kind());

        ScoreDistribution d = t.scores();
        assertEquals(1, d.accepted().get(10), "4.2 / 4.0 = 1.05 → bin [1.0, 1.1)");
        assertEquals(1, d.overridden().get(11), "1.1 → bin [1.1, 1.2)");
        assertEquals(1, d.overridden().get(20), "2.0");
        assertEquals(1, d.accepted().get(ScoreDistribution.BINS - 1), "25× the threshold lands in the open last bin");
        assertEquals(1, d.unscored(), "a NaN score is counted, not drawn at zero");
        assertEquals(4, d.accepted().stream().mapToLong(Long::longValue).sum()
                + d.overridden().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void explanationWordsFindTheCueAClassIsExplainedBy() {
        List<ExplanationWords.Explained> texts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            texts.add(new ExplanationWords.Explained("contamination",
                    "Dark spot on the shoulder under strong lighting" + (i % 2 == 0 ? ", near the label." : ".")));
            texts.add(new ExplanationWords.Explained("crack", "A thin crack runs down from the rim" + (i % 3 == 0 ? " near the label." : ".")));
        }
        texts.add(new ExplanationWords.Explained("crack", "A crack, and strong lighting on the rim."));
        List<ExplanationWords.ClassWords> words = ExplanationWords.of(texts, 5);
        assertEquals(List.of("contamination", "crack"), words.stream().map(ExplanationWords.ClassWords::machineClass).toList());
        ExplanationWords.ClassWords contamination = words.get(0);
        assertEquals(12, contamination.explanations());
        List<String> top = contamination.words().stream().map(ExplanationWords.Word::word).toList();
        assertTrue(top.contains("lighting"), top.toString());
        ExplanationWords.Word lighting = contamination.words().stream().filter(w -> w.word().equals("lighting")).findFirst().orElseThrow();
        assertEquals(12.0 / 13, lighting.precision(), 1e-12, "12 of the 13 explanations that say lighting named contamination");
        assertEquals(12, lighting.documents());
        assertFalse(top.contains("label"), "a word both classes use is not what one class relies on: " + top);
        assertFalse(top.contains("the"), "function words are left out");
        List<String> crack = words.get(1).words().stream().map(ExplanationWords.Word::word).toList();
        assertEquals("crack", crack.get(0), crack.toString());
        assertTrue(ExplanationWords.of(List.of(), 5).isEmpty());
    }

    @Test
    void japaneseExplanationsAreSplitIntoCharacterPairs() {
        assertEquals(java.util.Set.of("傷が", "があ", "ある", "rim"), ExplanationWords.words("傷がある rim"));
    }

    private static ZonedDateTime at(String instant) {
        return java.time.Instant.parse(instant).atZone(UTC);
    }
}
