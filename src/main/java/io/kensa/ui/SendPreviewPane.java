package io.kensa.ui;

import static io.kensa.ui.PromptControls.button;
import static io.kensa.ui.PromptControls.imageChooser;
import static io.kensa.ui.PromptControls.label;
import static io.kensa.ui.PromptControls.tone;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * What is sent to the explainer for the draft: previewed on the demo image or a chosen one (a snapshot, say), or
 * what a try sent; each text section as a titled block, each image as a thumbnail with its caption, in order.
 */
final class SendPreviewPane extends VBox {
    private final SendPreviewViewModel vm;
    private final VBox blocks = new VBox(6);

    /** @param chooseFrom  where the image chooser opens (the snapshots folder) */
    SendPreviewPane(SendPreviewViewModel vm, Path chooseFrom) {
        super(6);
        this.vm = vm;
        setId("prompt-send-preview");
        Label title = new Label("Exactly what is sent, in order");
        title.getStyleClass().add("pane-title");
        Label state = label("prompt-preview-state", vm.state());
        state.setWrapText(true);
        tone(state, vm.tone());
        Button demo = button("Preview with the demo image", "prompt-preview-demo", vm::previewDemo);
        Button chosen = button("Preview with an image…", "prompt-preview-image", () -> choose(chooseFrom));
        blocks.setId("prompt-preview-blocks");
        vm.blocks().addListener((InvalidationListener) o -> drawBlocks());
        getChildren().setAll(title, new HBox(6, demo, chosen), state, blocks);
    }

    /** The blocks in order; images that follow each other share a row, as thumbnails with their captions. */
    private void drawBlocks() {
        List<Node> shown = new ArrayList<>();
        FlowPane row = null;
        for (SendPreviewViewModel.Block b : vm.blocks()) {
            if (b.image().isEmpty()) {
                row = null;
                shown.add(block(b));
            } else {
                if (row == null) {
                    row = new FlowPane(8, 8);
                    shown.add(row);
                }
                row.getChildren().add(block(b));
            }
        }
        blocks.getChildren().setAll(shown);
    }

    private static Node block(SendPreviewViewModel.Block b) {
        Label title = new Label(b.title());
        title.getStyleClass().add("prompt-caption");
        title.setWrapText(true);
        VBox box = new VBox(2, title);
        b.image().ifPresent(image -> {
            title.setMaxWidth(100);
            title.setPrefWidth(100);
            box.getChildren().add(PromptControls.sentThumb(image));
        });
        if (!b.text().isBlank()) {
            Label text = new Label(b.text());
            text.setWrapText(true);
            text.getStyleClass().add("prompt-preview-text");
            box.getChildren().add(text);
        }
        return box;
    }

    private void choose(Path chooseFrom) {
        FileChooser chooser = imageChooser("Preview the request for an image");
        if (Files.isDirectory(chooseFrom)) {
            chooser.setInitialDirectory(chooseFrom.toFile());
        }
        File file = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
        if (file != null) {
            vm.preview(file.toPath());
        }
    }
}
