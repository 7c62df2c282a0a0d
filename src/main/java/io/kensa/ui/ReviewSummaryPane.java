package io.kensa.ui;

import io.kensa.review.ConfusionMatrix;
import io.kensa.review.ReviewSummary;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** The override analytics: headline numbers, the confusion matrix grid, rates per group and common comments. */
final class ReviewSummaryPane extends ScrollPane {
    final Label decided = new Label();
    final Label acceptRate = new Label();
    final Label overrideRate = new Label();
    final Label agreement = new Label();
    final Label kappa = new Label();
    final GridPane matrix = new GridPane();
    private final GridPane perClass = new GridPane();
    private final GridPane perOperator = new GridPane();
    private final GridPane perDay = new GridPane();
    private final VBox comments = new VBox(2);

    ReviewSummaryPane() {
        setId("review-summary");
        decided.setId("review-decided");
        acceptRate.setId("review-accepted");
        overrideRate.setId("review-overridden");
        agreement.setId("review-agreement");
        kappa.setId("review-kappa");
        matrix.setId("review-matrix");
        Label title = new Label("Machine vs inspector");
        title.getStyleClass().add("pane-title");
        GridPane numbers = new GridPane();
        numbers.setHgap(12);
        numbers.setVgap(2);
        numbers.addRow(0, muted("Decided"), decided);
        numbers.addRow(1, muted("Accepted"), acceptRate);
        numbers.addRow(2, muted("Overridden"), overrideRate);
        numbers.addRow(3, muted("Class agreement"), agreement);
        numbers.addRow(4, muted("Cohen's κ"), kappa);
        for (GridPane g : List.of(matrix, perClass, perOperator, perDay)) {
            g.setHgap(10);
            g.setVgap(2);
        }
        matrix.getStyleClass().add("review-matrix");
        FlowPane groups = new FlowPane(24, 12, group("Per machine class", perClass),
                group("Per operator", perOperator), group("Per day", perDay), group("Common override comments", comments));
        VBox box = new VBox(10, title, numbers, group("Confusion matrix (rows: machine, columns: inspector)", matrix),
                groups);
        box.setPadding(new Insets(10));
        setContent(box);
        setFitToWidth(true);
        show(new ReviewSummary(0, 0, 0, List.of(), List.of(), List.of(),
                new ConfusionMatrix(List.of(), new long[0][0]), List.of()));
    }

    void show(ReviewSummary s) {
        decided.setText(String.valueOf(s.decided()));
        acceptRate.setText(s.decided() == 0 ? "—" : s.accepts() + " (" + percent(s.acceptRate()) + ")");
        overrideRate.setText(s.decided() == 0 ? "—" : s.overrides() + " (" + percent(s.overrideRate()) + ")");
        agreement.setText(format(s.confusion().agreement(), true));
        kappa.setText(format(s.confusion().kappa(), false));
        fillMatrix(s.confusion());
        fillRates(perClass, s.perMachineClass());
        fillRates(perOperator, s.perOperator());
        fillRates(perDay, s.perDay());
        comments.getChildren().clear();
        s.topComments().forEach(c -> comments.getChildren().add(new Label(c.count() + " × " + c.comment())));
        if (s.topComments().isEmpty()) {
            comments.getChildren().add(muted("none"));
        }
    }

    private void fillMatrix(ConfusionMatrix m) {
        matrix.getChildren().clear();
        List<String> labels = m.labels();
        long[][] counts = m.counts();
        for (int c = 0; c < labels.size(); c++) {
            matrix.add(header(labels.get(c)), c + 1, 0);
        }
        for (int r = 0; r < labels.size(); r++) {
            matrix.add(header(labels.get(r)), 0, r + 1);
            for (int c = 0; c < labels.size(); c++) {
                Label cell = new Label(String.valueOf(counts[r][c]));
                cell.getStyleClass().add(counts[r][c] == 0 ? "review-cell" : r == c ? "review-cell-agree" : "review-cell-disagree");
                matrix.add(cell, c + 1, r + 1);
            }
        }
        if (labels.isEmpty()) {
            matrix.add(muted("no decisions"), 0, 0);
        }
    }

    private static void fillRates(GridPane grid, List<ReviewSummary.Rate> rates) {
        grid.getChildren().clear();
        grid.addRow(0, header(""), header("decided"), header("overridden"));
        for (int i = 0; i < rates.size(); i++) {
            ReviewSummary.Rate r = rates.get(i);
            grid.addRow(i + 1, new Label(r.key()), new Label(String.valueOf(r.decided())),
                    new Label(r.overrides() + " (" + percent(r.overrideRate()) + ")"));
        }
    }

    private static VBox group(String title, javafx.scene.Node content) {
        Label t = new Label(title);
        t.getStyleClass().add("review-group-title");
        return new VBox(4, t, content);
    }

    private static Label header(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("review-header");
        return l;
    }

    private static Label muted(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("muted");
        return l;
    }

    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    private static String format(OptionalDouble value, boolean asPercent) {
        if (value.isEmpty()) {
            return "—";
        }
        return asPercent ? percent(value.getAsDouble()) : String.format(Locale.ROOT, "%.2f", value.getAsDouble());
    }
}
