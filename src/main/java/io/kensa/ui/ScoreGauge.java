package io.kensa.ui;

import javafx.scene.layout.Pane;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

/**
 * The image score against the threshold: a bar whose full width is {@code threshold × 2}, with a tick at the
 * threshold, green below and red above, and the numbers written on it.
 */
final class ScoreGauge extends Pane {
    private static final double WIDTH = 260;
    private static final double HEIGHT = 18;

    private final Rectangle track = new Rectangle(WIDTH, HEIGHT);
    private final Rectangle fill = new Rectangle(0, HEIGHT);
    private final Line tick = new Line();
    private final Text text = new Text();

    ScoreGauge() {
        track.getStyleClass().add("gauge-track");
        tick.getStyleClass().add("gauge-threshold");
        text.getStyleClass().add("gauge-text");
        tick.setStartX(WIDTH / 2);
        tick.setEndX(WIDTH / 2);
        tick.setStartY(-3);
        tick.setEndY(HEIGHT + 3);
        text.setX(6);
        text.setY(HEIGHT - 5);
        getChildren().addAll(track, fill, tick, text);
        setPrefSize(WIDTH, HEIGHT);
        setMaxSize(WIDTH, HEIGHT);
        setVisible(false);
    }

    void show(double score, double threshold) {
        double full = threshold > 0 ? threshold * 2 : Math.max(score, 1e-9);
        fill.setWidth(WIDTH * Math.min(1, Math.max(0, score / full)));
        fill.getStyleClass().setAll(score > threshold ? "gauge-bad" : "gauge-ok");
        text.setText(String.format("score %.3f  /  threshold %.3f", score, threshold));
        setVisible(true);
    }

    void hide() {
        setVisible(false);
    }
}
