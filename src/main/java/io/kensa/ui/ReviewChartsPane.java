package io.kensa.ui;

import io.kensa.review.Agreement;
import io.kensa.review.ReviewReport;
import io.kensa.review.ReviewSummary;
import io.kensa.review.ReviewTrends;
import io.kensa.review.ScoreDistribution;
import io.kensa.review.ShiftReport;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Line;

/**
 * The supervisor's charts over the loaded decisions: override rate per day with recipe and prompt version changes
 * marked, per shift, per operator and per class (each bar names its n and 95% interval), the detector scores of
 * accepted against overridden cases, and agreement per recipe and prompt version. Drawing only: the figures come
 * computed ({@link ReviewReport}).
 */
final class ReviewChartsPane extends ScrollPane {
    private final MarkedLineChart perDay = new MarkedLineChart();
    private final BarChart<String, Number> perShift = bars("Override rate per shift (%)");
    private final BarChart<String, Number> perOperator = bars("Override rate per operator (%), n and 95% interval");
    private final BarChart<String, Number> perClass = bars("Override rate per machine class (%), n and 95% interval");
    private final StackedBarChart<String, Number> scores = new StackedBarChart<>(new CategoryAxis(), new NumberAxis());
    private final GridPane agreement = new GridPane();

    ReviewChartsPane() {
        scores.setTitle("Detector score ÷ threshold: accepted vs overridden");
        scores.setAnimated(false);
        scores.setId("review-chart-scores");
        perDay.setId("review-chart-day");
        perShift.setId("review-chart-shift");
        perOperator.setId("review-chart-operator");
        perClass.setId("review-chart-class");
        agreement.setId("review-agreement");
        agreement.setHgap(12);
        agreement.setVgap(2);
        Label agreementTitle = new Label("Agreement of the machine's class with the inspector's, per version");
        agreementTitle.getStyleClass().add("pane-title");
        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        grid.add(perDay, 0, 0);
        grid.add(perShift, 1, 0);
        grid.add(perOperator, 0, 1);
        grid.add(perClass, 1, 1);
        grid.add(scores, 0, 2);
        grid.add(new VBox(6, agreementTitle, agreement), 1, 2);
        for (Node chart : charts()) {
            ((javafx.scene.layout.Region) chart).setPrefSize(450, 270);
        }
        grid.setPadding(new Insets(8));
        setContent(grid);
        setFitToWidth(true);
    }

    /** The charts, titled, in the order the shift report shows them. */
    List<Node> charts() {
        return List.of(perDay, perShift, perOperator, perClass, scores);
    }

    static String title(Node chart) {
        return ((XYChart<?, ?>) chart).getTitle();
    }

    void show(ReviewReport report) {
        ReviewSummary s = report.summary();
        perDay.show(s.perDay(), report.trends().changes());
        fill(perShift, report.trends().perShift(), false);
        fill(perOperator, s.perOperator(), true);
        fill(perClass, s.perMachineClass(), true);
        ScoreDistribution d = report.trends().scores();
        XYChart.Series<String, Number> accepted = new XYChart.Series<>();
        accepted.setName("accepted");
        XYChart.Series<String, Number> overridden = new XYChart.Series<>();
        overridden.setName("overridden");
        for (int bin = 0; bin < d.accepted().size(); bin++) {
            String edge = String.format(Locale.ROOT, bin == d.accepted().size() - 1 ? "≥%.1f" : "%.1f", d.lowerEdge(bin));
            accepted.getData().add(new XYChart.Data<>(edge, d.accepted().get(bin)));
            overridden.getData().add(new XYChart.Data<>(edge, d.overridden().get(bin)));
        }
        scores.getData().setAll(List.of(accepted, overridden));
        fillAgreement(report);
    }

    private void fillAgreement(ReviewReport report) {
        agreement.getChildren().clear();
        agreement.addRow(0, head(""), head("n"), head("accuracy"), head("macro F1"), head("κ"));
        int row = 1;
        for (List<Agreement> groups : List.of(report.byRecipeVersion(), report.byPromptVersion())) {
            for (Agreement a : groups) {
                agreement.addRow(row++, new Label(a.key()), new Label(Long.toString(a.decided())),
                        new Label(String.format(Locale.ROOT, "%.3f", a.accuracy())), new Label(number(a.macroF1())),
                        new Label(number(a.kappa())));
            }
        }
    }

    private static void fill(BarChart<String, Number> chart, List<ReviewSummary.Rate> rates, boolean withInterval) {
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        for (ReviewSummary.Rate r : rates) {
            String key = withInterval ? r.key() + "\nn " + r.decided() + ", " + ShiftReport.rate(r) : r.key();
            series.getData().add(new XYChart.Data<>(key, 100 * r.overrideRate()));
        }
        chart.getData().setAll(List.of(series));
    }

    private static BarChart<String, Number> bars(String title) {
        BarChart<String, Number> chart = new BarChart<>(new CategoryAxis(), percentAxis());
        chart.setTitle(title);
        chart.setLegendVisible(false);
        chart.setAnimated(false);
        return chart;
    }

    private static NumberAxis percentAxis() {
        NumberAxis axis = new NumberAxis(0, 100, 10);
        axis.setAutoRanging(false);
        return axis;
    }

    private static Label head(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("muted");
        return l;
    }

    private static String number(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.3f", value.getAsDouble()) : "—";
    }

    /** Override rate per day, with a dashed vertical line and a label on each day a new version came into use. */
    static final class MarkedLineChart extends LineChart<String, Number> {
        private final ObservableList<Node> markers = FXCollections.observableArrayList();
        private List<ReviewTrends.Change> changes = List.of();

        MarkedLineChart() {
            super(new CategoryAxis(), percentAxis());
            setTitle("Override rate per day (%), version changes marked");
            setLegendVisible(false);
            setAnimated(false);
        }

        void show(List<ReviewSummary.Rate> days, List<ReviewTrends.Change> changes) {
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            days.forEach(r -> series.getData().add(new XYChart.Data<>(r.key(), 100 * r.overrideRate())));
            getData().setAll(List.of(series));
            this.changes = List.copyOf(changes);
            getPlotChildren().removeAll(markers);
            markers.clear();
            for (ReviewTrends.Change c : this.changes) {
                Line line = new Line();
                line.getStyleClass().add("review-change-" + c.kind().name().toLowerCase(Locale.ROOT));
                line.getStrokeDashArray().setAll(4.0, 4.0);
                Label label = new Label(c.label());
                label.getStyleClass().add("review-change-label");
                markers.addAll(line, label);
            }
            getPlotChildren().addAll(markers);
            requestChartLayout();
        }

        @Override
        protected void layoutPlotChildren() {
            super.layoutPlotChildren();
            CategoryAxis x = (CategoryAxis) getXAxis();
            double height = getYAxis().getHeight();
            for (int i = 0; i < changes.size(); i++) {
                String day = changes.get(i).at().atZone(java.time.ZoneId.systemDefault()).toLocalDate().toString();
                double position = x.getDisplayPosition(day);
                Line line = (Line) markers.get(2 * i);
                Label label = (Label) markers.get(2 * i + 1);
                boolean shown = !Double.isNaN(position);
                line.setVisible(shown);
                label.setVisible(shown);
                line.setStartX(position);
                line.setEndX(position);
                line.setStartY(0);
                line.setEndY(height);
                label.autosize();
                label.relocate(position + 3, 2 + 14 * (i % 4));
            }
        }
    }
}
