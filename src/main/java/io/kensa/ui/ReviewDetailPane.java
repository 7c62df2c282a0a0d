package io.kensa.ui;

import io.kensa.llm.Explanation;
import io.kensa.model.Action;
import io.kensa.model.Decision;
import io.kensa.model.DecisionId;
import io.kensa.store.StoredExplanation;
import io.kensa.store.StoredInspection;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;

/** The selected inspection: frame with outline, the explanation it was decided with, and every decision row. */
final class ReviewDetailPane extends ScrollPane {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    final Label title = new Label("Select a decision");
    final Label facts = new Label();
    final ImageView picture = new ImageView();
    final Label pictureProblem = new Label();
    final Label explanationHead = new Label();
    final Label rationale = new Label();
    final VBox events = new VBox(4);
    private final ZoneId zone;

    ReviewDetailPane(ZoneId zone) {
        this.zone = zone;
        title.getStyleClass().add("pane-title");
        facts.getStyleClass().add("muted");
        facts.setWrapText(true);
        pictureProblem.getStyleClass().add("error-text");
        pictureProblem.setWrapText(true);
        picture.setPreserveRatio(true);
        picture.setFitWidth(360);
        picture.getStyleClass().add("thumb");
        explanationHead.setWrapText(true);
        rationale.getStyleClass().add("rationale");
        rationale.setWrapText(true);
        Label explanationTitle = new Label("Explanation");
        explanationTitle.getStyleClass().add("pane-title");
        Label eventsTitle = new Label("Decision events");
        eventsTitle.getStyleClass().add("pane-title");
        VBox box = new VBox(8, title, facts, picture, pictureProblem, explanationTitle, explanationHead, rationale,
                eventsTitle, events);
        box.setPadding(new Insets(10));
        box.getStyleClass().add("review-detail");
        setContent(box);
        setFitToWidth(true);
    }

    void clear(String message) {
        title.setText(message);
        facts.setText("");
        picture.setImage(null);
        pictureProblem.setText("");
        explanationHead.setText("");
        rationale.setText("");
        events.getChildren().clear();
    }

    void show(ReviewDetail d) {
        StoredInspection s = d.inspection();
        title.setText("Inspection " + s.id().value() + " · " + s.station());
        facts.setText(String.format(Locale.ROOT, "Captured %s · recipe %s v%d · %s · score %.3f vs threshold %.3f%s",
                TIME.format(s.capturedAt().atZone(zone)), s.recipeName(), s.recipeVersion(), s.origin(), s.score(),
                s.threshold(), s.anomalous() ? " (anomalous)" : ""));
        picture.setImage(d.picture().map(FxImages::toFx).orElse(null));
        pictureProblem.setText(d.pictureProblem());
        if (d.explanation().isPresent()) {
            StoredExplanation stored = d.explanation().get();
            Explanation e = stored.explanation();
            boolean shown = d.reviewCase().decision().shownExplanation().equals(java.util.Optional.of(stored.id()));
            explanationHead.setText(String.format(Locale.ROOT, "%s · %s · model %s · profile %s v%d · %s%s",
                    e.anomalyClass().orElse("no class"), e.severity().map(v -> v.wire()).orElse("no severity"),
                    e.model(), e.profileName(), e.profileVersion(), e.status().name().toLowerCase(Locale.ROOT),
                    shown ? " · shown when deciding" : " · not shown when deciding"));
            rationale.setText(e.rationale());
        } else {
            explanationHead.setText("No explanation was made for this inspection.");
            rationale.setText("");
        }
        events.getChildren().clear();
        Set<DecisionId> undone = new HashSet<>();
        d.events().forEach(e -> e.undoes().ifPresent(undone::add));
        for (Decision e : d.events()) {
            Label row = new Label(describe(e, undone.contains(e.id())));
            row.setWrapText(true);
            row.getStyleClass().add(e.isUndo() ? "review-event-undo" : undone.contains(e.id()) ? "review-event-undone"
                    : "review-event");
            events.getChildren().add(row);
        }
    }

    private String describe(Decision e, boolean undone) {
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
