package io.kensa.ui;

import javafx.beans.property.DoubleProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;

/**
 * The live picture: the frame scaled to fit the pane with its aspect ratio kept, an optional heatmap layer of
 * the same geometry on top, and a placeholder message when there is no picture (stopped, reconnecting). Pictures
 * come ready from the {@link FrameRenderer}; drawing one only copies its pixels into images reused frame to frame.
 */
final class LiveView extends StackPane {
    private final ImageView frame = new ImageView();
    private final ImageView heatmap = new ImageView();
    private final ImageView cam = new ImageView();
    final Label placeholder = new Label();
    private FrameRenderer.Layer shownFrame;
    private FrameRenderer.Layer shownHeatmap;
    private FrameRenderer.Layer shownCam;

    LiveView() {
        getStyleClass().add("live-view");
        setMinSize(160, 120);
        for (ImageView view : new ImageView[] {frame, heatmap, cam}) {
            view.setPreserveRatio(true);
            view.setSmooth(true);
            // bind to our size minus a hair so the pane can also shrink
            view.fitWidthProperty().bind(widthProperty().subtract(2));
            view.fitHeightProperty().bind(heightProperty().subtract(2));
        }
        heatmap.setMouseTransparent(true);
        cam.setMouseTransparent(true);
        placeholder.getStyleClass().add("live-placeholder");
        placeholder.setWrapText(true);
        placeholder.setMaxWidth(520);
        setAlignment(Pos.CENTER);
        getChildren().addAll(frame, heatmap, cam, placeholder);
        setPrefSize(800, 600);
        // a message over the (dimmed) last picture, e.g. while the camera reconnects; a new frame hides it
        placeholder.textProperty().addListener((o, a, text) -> placeholder.setVisible(!text.isBlank()));
    }

    DoubleProperty heatmapOpacity() {
        return heatmap.opacityProperty();
    }

    DoubleProperty camOpacity() {
        return cam.opacityProperty();
    }

    /** Draws a ready picture: its pixels are copied only when they are new. */
    void draw(FrameRenderer.Picture picture) {
        if (picture.frame() != shownFrame) {
            shownFrame = picture.frame();
            frame.setImage(write(frame.getImage() instanceof WritableImage w ? w : null, shownFrame));
            placeholder.setVisible(false);
        }
        FrameRenderer.Layer overlay = picture.heatmap().orElse(null);
        if (overlay != shownHeatmap) {
            shownHeatmap = overlay;
            heatmap.setImage(overlay == null ? null : write(heatmap.getImage() instanceof WritableImage w ? w : null, overlay));
        }
        FrameRenderer.Layer classifier = picture.cam().orElse(null);
        if (classifier != shownCam) {
            shownCam = classifier;
            cam.setImage(classifier == null ? null : write(cam.getImage() instanceof WritableImage w ? w : null, classifier));
        }
    }

    private static WritableImage write(WritableImage reuse, FrameRenderer.Layer layer) {
        WritableImage target = reuse != null && (int) reuse.getWidth() == layer.width() && (int) reuse.getHeight() == layer.height()
                ? reuse : new WritableImage(layer.width(), layer.height());
        target.getPixelWriter().setPixels(0, 0, layer.width(), layer.height(), PixelFormat.getIntArgbInstance(),
                layer.argb(), 0, layer.width());
        return target;
    }
}
