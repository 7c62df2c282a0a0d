package io.kensa.ui;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;

/**
 * The live picture: the frame scaled to fit the pane with its aspect ratio kept, an optional heatmap layer of
 * the same geometry on top, and a placeholder message when there is no picture (stopped, reconnecting).
 */
final class LiveView extends StackPane {
    private final ImageView frame = new ImageView();
    private final ImageView heatmap = new ImageView();
    final Label placeholder = new Label();

    LiveView() {
        getStyleClass().add("live-view");
        setMinSize(160, 120);
        for (ImageView view : new ImageView[] {frame, heatmap}) {
            view.setPreserveRatio(true);
            view.setSmooth(true);
            // bind to our size minus a hair so the pane can also shrink
            view.fitWidthProperty().bind(widthProperty().subtract(2));
            view.fitHeightProperty().bind(heightProperty().subtract(2));
        }
        heatmap.setMouseTransparent(true);
        placeholder.getStyleClass().add("live-placeholder");
        placeholder.setWrapText(true);
        placeholder.setMaxWidth(520);
        setAlignment(Pos.CENTER);
        getChildren().addAll(frame, heatmap, placeholder);
        setPrefSize(800, 600);
        showMessage("Press Start (F5) to begin.");
    }

    void showFrame(Image image) {
        frame.setImage(image);
        placeholder.setVisible(false);
    }

    void showHeatmap(Image overlay, double opacity) {
        heatmap.setImage(overlay);
        heatmap.setOpacity(opacity);
    }

    void clearHeatmap() {
        heatmap.setImage(null);
    }

    /** A message over the (dimmed) last picture, e.g. while the camera reconnects. */
    void showMessage(String message) {
        placeholder.setText(message);
        placeholder.setVisible(!message.isBlank());
    }
}
