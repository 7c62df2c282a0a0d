package io.kensa.ui;

import static io.kensa.ui.PromptControls.button;
import static io.kensa.ui.PromptControls.label;
import static io.kensa.ui.PromptControls.tone;

import io.kensa.inspect.ReferenceSources;
import javafx.beans.InvalidationListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Below the reference images: the snapshots or the decision log's good frames as thumbnails to add, shown while the
 * {@link ReferencePickerViewModel} lists a source. Thumbnails load in the background; the FX thread only draws.
 */
final class ReferencePickerPane extends VBox {
    private final ReferencePickerViewModel vm;
    private final FlowPane tiles = new FlowPane(8, 8);

    ReferencePickerPane(ReferencePickerViewModel vm) {
        super(6);
        this.vm = vm;
        setId("prompt-reference-picker");
        getStyleClass().add("prompt-picker");
        Label state = label("prompt-picker-state", vm.state());
        state.setWrapText(true);
        tone(state, vm.tone());
        Button more = button("Show more", "prompt-picker-more", vm::showMore);
        more.visibleProperty().bind(vm.canShowMore());
        more.managedProperty().bind(vm.canShowMore());
        more.disableProperty().bind(vm.busy());
        Button close = button("Close", "prompt-picker-close", vm::close);
        tiles.setId("prompt-picker-tiles");
        ScrollPane scroll = new ScrollPane(tiles);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(190);
        getChildren().setAll(new HBox(8, state, close), scroll, more);
        vm.candidates().addListener((InvalidationListener) o -> drawTiles());
        boolean open = vm.source().get() != ReferencePickerViewModel.Source.NONE;
        setVisible(open);
        setManaged(open);
        vm.source().addListener((o, a, source) -> {
            setVisible(source != ReferencePickerViewModel.Source.NONE);
            setManaged(source != ReferencePickerViewModel.Source.NONE);
        });
    }

    private void drawTiles() {
        tiles.getChildren().setAll(vm.candidates().stream().map(this::tile).toList());
    }

    private VBox tile(ReferenceSources.Candidate c) {
        VBox box = new VBox(3);
        box.setAlignment(Pos.TOP_CENTER);
        box.getStyleClass().add("prompt-picker-tile");
        if (c.problem().isPresent()) {
            Label missing = new Label("image missing");
            missing.getStyleClass().add("error-text");
            missing.setPrefSize(96, 72);
            box.getChildren().add(missing);
        } else {
            // background loading: decoding never blocks the FX thread
            ImageView view = new ImageView(new Image(c.image().toUri().toString(), 96, 96, true, true, true));
            view.getStyleClass().add("thumb");
            box.getChildren().add(view);
        }
        Label title = new Label(c.title());
        title.setMaxWidth(130);
        Label detail = new Label(c.detail());
        detail.getStyleClass().add("muted");
        detail.setMaxWidth(130);
        Button add = button("Add", null, () -> vm.choose(c));
        box.getChildren().addAll(title, detail, add);
        return box;
    }
}
