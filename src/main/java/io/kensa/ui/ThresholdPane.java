package io.kensa.ui;

import static io.kensa.ui.PaneControls.button;
import static io.kensa.ui.PaneControls.label;
import static io.kensa.ui.PaneControls.row;

import io.kensa.inspect.RecipeTrainingScores;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * Threshold (QA): the score histogram of the good images (blue) and of the labelled defect images (red) with the
 * threshold as a handle — drag it on the chart or with the slider — and the figures it implies. Only draws and binds;
 * every number comes from the {@link ThresholdViewModel}.
 */
public final class ThresholdPane extends VBox {
    static final double CHART_WIDTH = 560, CHART_HEIGHT = 190, AXIS = 18;
    private static final Color GOOD = Color.web("#3b82c4", 0.75), DEFECT = Color.web("#d9534f", 0.65),
            HANDLE = Color.web("#f0a030");

    private final ThresholdViewModel vm;
    private final Canvas chart = new Canvas(CHART_WIDTH, CHART_HEIGHT);
    private final Slider slider = new Slider(0, 1, 0);

    public ThresholdPane(ThresholdViewModel vm, double falseAlarmRate) {
        super(8);
        this.vm = vm;
        setId("threshold-pane");
        Label folder = new Label();
        folder.setId("threshold-labelled-folder");
        folder.textProperty().bind(vm.labelledFolder().map(f -> f.map(Path::toString).orElse("none (good images only)")));
        Button choose = button("threshold-choose-folder", "Labelled folder…");
        choose.setOnAction(e -> chooseFolder());
        Button clear = button("threshold-clear-folder", "Good images only");
        clear.setOnAction(e -> vm.labelledFolder().set(Optional.empty()));
        Button score = button("threshold-score", "Score images");
        score.setTooltip(new Tooltip("Scores each good image with a model trained on the other folds (a model scores its"
                + " own training images near zero), and the labelled images with this model."));
        score.setOnAction(e -> vm.score());
        Button cancel = button("threshold-cancel", "Cancel");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(vm.working().not());
        for (Node n : new Node[] {choose, clear, score}) {
            n.disableProperty().bind(vm.working());
        }

        chart.setId("threshold-chart");
        chart.setOnMousePressed(this::drag);
        chart.setOnMouseDragged(this::drag);
        slider.setId("threshold-slider");
        slider.setPrefWidth(CHART_WIDTH);
        slider.valueProperty().bindBidirectional(vm.threshold());
        slider.disableProperty().bind(vm.canUse().not());
        Label value = new Label();
        value.setId("threshold-value");
        value.textProperty().bind(Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "Threshold %.4f", vm.threshold().get()), vm.threshold()));
        value.getStyleClass().add("pane-title");

        getChildren().addAll(row(new Label("Labelled folder"), folder, choose, clear),
                row(score, cancel, PaneControls.progress("threshold-progress", vm.progress(),
                        vm.progressText(), vm.working())),
                label("threshold-method", vm.method()), chart, slider, value,
                label("threshold-false-alarms", vm.falseAlarms()), label("threshold-labelled", vm.labelledFigures()),
                suggestions(falseAlarmRate),
                PaneControls.message("threshold-message", vm.message(), vm.messageProblem()));
        vm.histogram().addListener((o, a, h) -> {
            h.ifPresent(x -> { // widen before narrowing, so the range is never empty on the way
                slider.setMax(Math.max(x.to(), slider.getMin()));
                slider.setMin(x.from());
                slider.setMax(x.to());
            });
            draw();
        });
        vm.threshold().addListener((o, a, t) -> draw());
        draw();
    }

    /** Suggest a threshold (at the recipe's false-alarm rate, or best F1 on the labelled images) and use it. */
    private HBox suggestions(double falseAlarmRate) {
        Button atRate = button("threshold-suggest-rate",
                String.format(Locale.ROOT, "At %.1f%% false alarms", 100 * falseAlarmRate));
        atRate.setOnAction(e -> vm.suggestForFalseAlarmRate(falseAlarmRate));
        Button bestF1 = button("threshold-suggest-f1", "Best F1");
        bestF1.setOnAction(e -> vm.suggestBestF1());
        bestF1.disableProperty().bind(vm.canUse().not().or(vm.labelledFigures().isEmpty()));
        Button use = button("threshold-use", "Use this threshold");
        use.setOnAction(e -> vm.useThreshold());
        use.disableProperty().bind(vm.canUse().not().or(vm.working()));
        atRate.disableProperty().bind(vm.canUse().not());

        return row(atRate, bestF1, use);
    }

    private void drag(MouseEvent e) {
        vm.histogram().get().ifPresent(h -> vm.threshold().set(
                h.from() + Math.max(0, Math.min(1, e.getX() / CHART_WIDTH)) * (h.to() - h.from())));
    }

    private void draw() {
        GraphicsContext g = chart.getGraphicsContext2D();
        g.setFill(Color.web("#1e1e1e"));
        g.fillRect(0, 0, CHART_WIDTH, CHART_HEIGHT);
        Optional<RecipeTrainingScores.Histogram> histogram = vm.histogram().get();
        g.setFill(Color.web("#9a9a9a"));
        if (histogram.isEmpty()) {
            g.fillText("Train a model, then score images to see the histogram.", 12, CHART_HEIGHT / 2);
            return;
        }
        RecipeTrainingScores.Histogram h = histogram.get();
        int[] good = h.good(), defects = h.defects();
        int max = 1;
        for (int i = 0; i < h.bins(); i++) {
            max = Math.max(max, Math.max(good[i], defects[i]));
        }
        double barWidth = CHART_WIDTH / h.bins(), top = 14, plot = CHART_HEIGHT - AXIS - top;
        for (int i = 0; i < h.bins(); i++) {
            double x = i * barWidth;
            g.setFill(GOOD);
            g.fillRect(x + 1, top + plot * (1 - (double) good[i] / max), barWidth - 2, plot * good[i] / max);
            g.setFill(DEFECT);
            g.fillRect(x + 1, top + plot * (1 - (double) defects[i] / max), barWidth - 2, plot * defects[i] / max);
        }
        g.setFill(Color.web("#c8c8c8"));
        g.fillText(String.format(Locale.ROOT, "%.3f", h.from()), 2, CHART_HEIGHT - 4);
        g.fillText(String.format(Locale.ROOT, "%.3f", h.to()), CHART_WIDTH - 44, CHART_HEIGHT - 4);
        g.setFill(GOOD);
        g.fillRect(4, 3, 10, 9);
        g.setFill(DEFECT);
        g.fillRect(56, 3, 10, 9);
        g.setFill(Color.web("#c8c8c8"));
        g.fillText("good", 18, 11);
        g.fillText("defect", 70, 11);
        g.fillText("images per bin (max " + max + ")", 124, 11);
        double x = (vm.threshold().get() - h.from()) / (h.to() - h.from()) * CHART_WIDTH;
        g.setStroke(HANDLE);
        g.setLineWidth(3);
        g.strokeLine(x, top, x, CHART_HEIGHT - AXIS);
        g.setFill(HANDLE);
        g.fillPolygon(new double[] {x - 6, x + 6, x}, new double[] {CHART_HEIGHT - 4, CHART_HEIGHT - 4, CHART_HEIGHT - AXIS},
                3);
    }

    private void chooseFolder() {
        PaneControls.chooseFolder(this, "Labelled images (MVTec test/<class>/: good/ and one folder per defect type)",
                vm.labelledFolder().get()).ifPresent(f -> vm.labelledFolder().set(Optional.of(f)));
    }
}
