package io.kensa.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.model.Action;
import io.kensa.model.Decision;
import io.kensa.model.DecisionId;
import io.kensa.model.ExplanationId;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.InspectionId;
import io.kensa.model.MachineAnswer;
import io.kensa.model.Operator;
import io.kensa.model.ReviewCase;
import io.kensa.model.ReviewedInspection;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OverrideAnalyticsTest {
    private static final Operator ANN = new Operator("a1", "Ann", Role.INSPECTOR);
    private static final Operator BEN = new Operator("b2", "Ben", Role.INSPECTOR);
    private static final Instant DAY1 = Instant.parse("2025-05-06T10:00:00Z");
    private static final Instant DAY2 = Instant.parse("2025-05-07T10:00:00Z");
    private static long ids;

    @Test
    void kappaOfTheTextbookTwoByTwoTableIsPointFour() {
        // machine A / inspector A 20, A/B 5, B/A 10, B/B 15: po = 0.7, pe = 0.5*0.6 + 0.5*0.4 = 0.5, kappa = 0.4
        List<ReviewCase> cases = new ArrayList<>();
        add(cases, 20, "a", "a");
        add(cases, 5, "a", "b");
        add(cases, 10, "b", "a");
        add(cases, 15, "b", "b");
        ConfusionMatrix m = OverrideAnalytics.confusion(cases);
        assertEquals(List.of("a", "b"), m.labels());
        assertEquals(5, m.count("a", "b"));
        assertEquals(10, m.count("b", "a"));
        assertEquals(50, m.total());
        assertEquals(0.7, m.agreement().getAsDouble(), 1e-12);
        assertEquals(0.4, m.kappa().getAsDouble(), 1e-12);
    }

    @Test
    void perfectAgreementIsKappaOneAndOneSharedClassHasNoKappa() {
        List<ReviewCase> cases = new ArrayList<>();
        add(cases, 3, "a", "a");
        add(cases, 2, "b", "b");
        assertEquals(1.0, OverrideAnalytics.confusion(cases).kappa().getAsDouble(), 1e-12);

        List<ReviewCase> oneClass = new ArrayList<>();
        add(oneClass, 4, "a", "a");
        assertEquals(1.0, OverrideAnalytics.confusion(oneClass).agreement().getAsDouble());
        assertTrue(OverrideAnalytics.confusion(oneClass).kappa().isEmpty(), "pe = 1: kappa undefined");
        assertTrue(OverrideAnalytics.confusion(List.of()).kappa().isEmpty());
        assertTrue(OverrideAnalytics.confusion(List.of()).agreement().isEmpty());
    }

    @Test
    void ratesPerClassOperatorAndDayAndTheCommonComments() {
        List<ReviewCase> cases = List.of(
                accept(ANN, DAY1, "broken_large"),
                accept(ANN, DAY1, "broken_large"),
                override(ANN, DAY1, "broken_large", "normal", "Glare on the rim"),
                override(BEN, DAY2, "contamination", "broken_small", "glare  on the RIM"),
                override(BEN, DAY2, "contamination", "contamination", "severity too high"),
                accept(BEN, DAY2, "contamination"));
        ReviewSummary s = OverrideAnalytics.summarise(cases, ZoneOffset.UTC, 5);
        assertEquals(6, s.decided());
        assertEquals(3, s.accepts());
        assertEquals(3, s.overrides());
        assertEquals(0.5, s.acceptRate(), 1e-12);
        assertEquals(0.5, s.overrideRate(), 1e-12);
        assertEquals(List.of(new ReviewSummary.Rate("broken_large", 3, 1), new ReviewSummary.Rate("contamination", 3, 2)),
                s.perMachineClass());
        assertEquals(List.of(new ReviewSummary.Rate("Ann (a1)", 3, 1), new ReviewSummary.Rate("Ben (b2)", 3, 2)),
                s.perOperator());
        assertEquals(List.of(new ReviewSummary.Rate("2025-05-06", 3, 1), new ReviewSummary.Rate("2025-05-07", 3, 2)),
                s.perDay());
        assertEquals(2.0 / 3, s.perDay().get(1).overrideRate(), 1e-12);
        // same wording up to case and spacing counts together, shown as first written
        assertEquals(List.of(new ReviewSummary.CommentCount("Glare on the rim", 2),
                new ReviewSummary.CommentCount("severity too high", 1)), s.topComments());
        assertEquals(1, OverrideAnalytics.summarise(cases, ZoneOffset.UTC, 1).topComments().size());

        // labels broken_large, broken_small, contamination, normal; diagonal 2 + 2 = 4 of 6
        ConfusionMatrix m = s.confusion();
        assertEquals(List.of("broken_large", "broken_small", "contamination", "normal"), m.labels());
        assertEquals(4.0 / 6, m.agreement().getAsDouble(), 1e-12);
        // machine totals 3,0,3,0; inspector totals 2,1,2,1: pe = (3*2 + 3*2) / 36 = 1/3; kappa = (2/3 - 1/3) / (2/3) = 0.5
        assertEquals(0.5, m.kappa().getAsDouble(), 1e-12);
    }

    @Test
    void daysFollowTheGivenTimeZone() {
        Instant lateEvening = Instant.parse("2025-05-06T23:30:00Z");
        ReviewSummary tokyo = OverrideAnalytics.summarise(List.of(accept(ANN, lateEvening, "x")), ZoneId.of("Asia/Tokyo"), 3);
        assertEquals("2025-05-07", tokyo.perDay().get(0).key());
    }

    @Test
    void onlyTheStandingDecisionCountsAndUndoneOnesAreLeftOut() {
        // accepted, undone, then overridden: only the override stands
        Decision accept = decision(1, Action.ACCEPT, "broken_small", ANN, DAY1, Optional.of(new ExplanationId(7)), Optional.empty());
        Decision undo = decision(1, Action.UNDO, "broken_small", ANN, DAY1.plusSeconds(2), Optional.empty(), Optional.of(accept.id()));
        Decision override = decision(1, Action.OVERRIDE, "normal", ANN, DAY1.plusSeconds(5), Optional.of(new ExplanationId(7)), Optional.empty());
        MachineAnswer answer = new MachineAnswer(new ExplanationId(7), ExplanationStatus.ANSWERED, Optional.of("broken_small"),
                Optional.of(Severity.MINOR), "gpt-4o-mini", "bottle", 3);
        ReviewedInspection redecided = inspection(1, 5.0, List.of(accept, undo, override), Map.of(answer.id(), answer));
        ReviewCase standing = redecided.standing().orElseThrow();
        assertEquals(override.id(), standing.decision().id());
        assertEquals("broken_small", standing.machineClass(), "the explanation shown when overriding");
        assertEquals(Optional.of(Severity.MINOR), standing.machineSeverity());
        assertEquals("normal", standing.finalClass());

        // accepted then undone, nothing since: no standing decision
        Decision lone = decision(2, Action.ACCEPT, "contamination", BEN, DAY1, Optional.empty(), Optional.empty());
        Decision loneUndo = decision(2, Action.UNDO, "contamination", BEN, DAY1.plusSeconds(1), Optional.empty(), Optional.of(lone.id()));
        assertTrue(inspection(2, 5.0, List.of(lone, loneUndo), Map.of()).standing().isEmpty());

        // two decisions without an undo: the newer stands
        Decision first = decision(3, Action.OVERRIDE, "normal", BEN, DAY1, Optional.empty(), Optional.empty());
        Decision second = decision(3, Action.OVERRIDE, "contamination", BEN, DAY1.plusSeconds(9), Optional.empty(), Optional.empty());
        assertEquals(second.id(), inspection(3, 5.0, List.of(first, second), Map.of()).standing().orElseThrow().decision().id());
    }

    @Test
    void withoutAnAnsweredExplanationTheMachineClassComesFromTheDetector() {
        Decision flagged = decision(4, Action.OVERRIDE, "normal", ANN, DAY1, Optional.of(new ExplanationId(9)), Optional.empty());
        MachineAnswer timeout = new MachineAnswer(new ExplanationId(9), ExplanationStatus.TIMEOUT, Optional.empty(),
                Optional.empty(), "gpt-4o-mini", "bottle", 3);
        ReviewCase above = inspection(4, 5.0, List.of(flagged), Map.of(timeout.id(), timeout)).standing().orElseThrow();
        assertEquals(ReviewCase.ANOMALOUS, above.machineClass());
        assertTrue(above.machineSeverity().isEmpty());
        ReviewCase below = inspection(5, 3.0, List.of(decision(5, Action.OVERRIDE, "contamination", ANN, DAY1,
                Optional.empty(), Optional.empty())), Map.of()).standing().orElseThrow();
        assertEquals(ReviewCase.NORMAL, below.machineClass());
    }

    @Test
    void filterNarrowsByOperatorClassAndOverrides() {
        ReviewCase annAccept = accept(ANN, DAY1, "broken_large");
        ReviewCase benOverride = override(BEN, DAY1, "contamination", "normal", "");
        ReviewFilter overrides = new ReviewFilter(Optional.empty(), Optional.empty(), true);
        assertFalse(overrides.matches(annAccept));
        assertTrue(overrides.matches(benOverride));
        assertTrue(overrides.matchesForSummary(annAccept), "the summary keeps accepts");
        ReviewFilter normal = new ReviewFilter(Optional.empty(), Optional.of("normal"), false);
        assertTrue(normal.matches(benOverride), "the inspector's class");
        ReviewFilter contamination = new ReviewFilter(Optional.empty(), Optional.of("contamination"), false);
        assertTrue(contamination.matches(benOverride), "the machine's class");
        assertFalse(contamination.matches(annAccept));
        ReviewFilter ann = new ReviewFilter(Optional.of("a1"), Optional.empty(), false);
        assertTrue(ann.matches(annAccept));
        assertFalse(ann.matches(benOverride));
    }

    // ---- builders

    private static void add(List<ReviewCase> cases, int n, String machine, String inspector) {
        for (int i = 0; i < n; i++) {
            cases.add(machine.equals(inspector) ? accept(ANN, DAY1, machine) : override(ANN, DAY1, machine, inspector, ""));
        }
    }

    private static ReviewCase accept(Operator who, Instant at, String cls) {
        long id = ++ids;
        Decision d = decision(id, Action.ACCEPT, cls, who, at, Optional.of(new ExplanationId(id)), Optional.empty());
        return inspection(id, 5.0, List.of(d), Map.of(new ExplanationId(id), answer(id, cls))).standing().orElseThrow();
    }

    private static ReviewCase override(Operator who, Instant at, String machine, String inspector, String comment) {
        long id = ++ids;
        Decision d = new Decision(new DecisionId(id * 10), new InspectionId(id), Action.OVERRIDE, inspector,
                Severity.DEFECT, comment, who, "s1", at, Optional.of(new ExplanationId(id)), Optional.empty());
        return inspection(id, 5.0, List.of(d), Map.of(new ExplanationId(id), answer(id, machine))).standing().orElseThrow();
    }

    private static MachineAnswer answer(long id, String cls) {
        return new MachineAnswer(new ExplanationId(id), ExplanationStatus.ANSWERED, Optional.of(cls),
                Optional.of(Severity.DEFECT), "m", "bottle", 1);
    }

    private static Decision decision(long inspection, Action action, String cls, Operator who, Instant at,
                                     Optional<ExplanationId> shown, Optional<DecisionId> undoes) {
        return new Decision(new DecisionId(++ids * 10 + 1), new InspectionId(inspection), action, cls, Severity.DEFECT,
                "", who, "s1", at, shown, undoes);
    }

    private static ReviewedInspection inspection(long id, double score, List<Decision> history,
                                                 Map<ExplanationId, MachineAnswer> answers) {
        return new ReviewedInspection(new InspectionId(id), DAY1, "s1", "bottle", 1, score, 4.0, history, answers);
    }
}
