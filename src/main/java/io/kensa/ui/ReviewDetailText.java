package io.kensa.ui;

import io.kensa.llm.Explanation;
import io.kensa.model.Action;
import io.kensa.model.Decision;
import io.kensa.model.DecisionId;
import io.kensa.store.StoredExplanation;
import io.kensa.store.StoredInspection;
import java.awt.image.BufferedImage;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the detail pane shows, as text: a message alone (nothing selected, loading, an error) or one inspection's
 * title, facts, picture, explanation and every decision event (undos included), formatted off the FX thread.
 */
public record ReviewDetailText(String title, String facts, Optional<BufferedImage> picture, String pictureProblem,
                               String explanationHead, String rationale, List<Event> events) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** How an event line is drawn: a standing or replaced decision, an undo, or a decision that was undone. */
    public enum Kind { DECISION, UNDO, UNDONE }

    /** One line of the decision events. */
    public record Event(String text, Kind kind) {}

    static ReviewDetailText message(String message) {
        return new ReviewDetailText(message, "", Optional.empty(), "", "", "", List.of());
    }

    static ReviewDetailText of(ReviewDetail d, ZoneId zone) {
        StoredInspection s = d.inspection();
        String facts = String.format(Locale.ROOT, "Captured %s · recipe %s v%d · %s · score %.3f vs threshold %.3f%s",
                TIME.format(s.capturedAt().atZone(zone)), s.recipeName(), s.recipeVersion(), s.origin(), s.score(),
                s.threshold(), s.anomalous() ? " (anomalous)" : "");
        String head = "No explanation was made for this inspection.";
        String rationale = "";
        if (d.explanation().isPresent()) {
            StoredExplanation stored = d.explanation().get();
            Explanation e = stored.explanation();
            boolean shown = d.reviewCase().decision().shownExplanation().equals(Optional.of(stored.id()));
            head = String.format(Locale.ROOT, "%s · %s · model %s · profile %s v%d · %s%s",
                    e.anomalyClass().orElse("no class"), e.severity().map(v -> v.wire()).orElse("no severity"),
                    e.model(), e.profileName(), e.profileVersion(), e.status().name().toLowerCase(Locale.ROOT),
                    shown ? " · shown when deciding" : " · not shown when deciding");
            rationale = e.rationale();
        }
        return new ReviewDetailText("Inspection " + s.id().value() + " · " + s.station(), facts, d.picture(),
                d.pictureProblem(), head, rationale, events(d.events(), zone));
    }

    private static List<Event> events(List<Decision> events, ZoneId zone) {
        Set<DecisionId> undone = new HashSet<>();
        events.forEach(e -> e.undoes().ifPresent(undone::add));
        return events.stream().map(e -> new Event(describe(e, undone.contains(e.id()), zone),
                e.isUndo() ? Kind.UNDO : undone.contains(e.id()) ? Kind.UNDONE : Kind.DECISION)).toList();
    }

    private static String describe(Decision e, boolean undone, ZoneId zone) {
        String when = TIME.format(e.decidedAt().atZone(zone));
        String who = e.operator().name() + " (" + e.operator().id() + ")";
        if (e.action() == Action.UNDO) {
            return when + "  #" + e.id().value() + "  UNDO of #" + e.undoes().map(DecisionId::value).orElse(0L)
                    + " by " + who;
        }
        return when + "  #" + e.id().value() + "  " + e.action().name() + "  " + e.finalClass() + " / "
                + e.severity().wire() + " by " + who + (e.comment().isEmpty() ? "" : " — \"" + e.comment() + "\"")
                + (undone ? "  (undone)" : "");
    }
}
