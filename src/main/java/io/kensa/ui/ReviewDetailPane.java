package io.kensa.ui;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.ImageView;
import javafx.scene.layout.VBox;

/** The selected inspection: frame with outline, the explanation it was decided with, and every decision row. */
final class ReviewDetailPane extends ScrollPane {
    final Label title = new Label("Select a decision");
    final Label facts = new Label();
    final ImageView picture = new ImageView();
    final Label pictureProblem = new Label();
    final Label explanationHead = new Label();
    final Label rationale = new Label();
    final VBox events = new VBox(4);

    ReviewDetailPane() {
        setId("review-detail");
        title.setId("review-detail-title");
        facts.setId("review-detail-facts");
        picture.setId("review-detail-picture");
        pictureProblem.setId("review-detail-picture-problem");
        explanationHead.setId("review-detail-explanation");
        rationale.setId("review-detail-rationale");
        events.setId("review-detail-events");
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

    void show(ReviewDetailText d) {
        title.setText(d.title());
        facts.setText(d.facts());
        picture.setImage(d.picture().map(FxImages::toFx).orElse(null));
        pictureProblem.setText(d.pictureProblem());
        explanationHead.setText(d.explanationHead());
        rationale.setText(d.rationale());
        events.getChildren().clear();
        for (ReviewDetailText.Event e : d.events()) {
            Label row = new Label(e.text());
            row.setWrapText(true);
            row.getStyleClass().add(switch (e.kind()) {
                case UNDO -> "review-event-undo";
                case UNDONE -> "review-event-undone";
                case DECISION -> "review-event";
            });
            events.getChildren().add(row);
        }
    }
}
