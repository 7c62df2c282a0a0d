package io.kensa.ui;

import io.kensa.detect.ColourMap;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;

/**
 * The second overlay's controls: the recipe classifier's Grad-CAM map, with its own toggle (G), opacity and colour
 * map, and a legend saying what it is (where the classifier looked), so it is never read as the anomaly map. Shown
 * only when the recipe has a classifier.
 */
final class CamOverlayControls {
    final CheckBox toggle = new CheckBox("Grad-CAM  G");
    final Slider opacity = new Slider(0.1, 1.0, 0.5);
    final ChoiceBox<ColourMap> colours = new ChoiceBox<>();
    final Label legend = new Label();

    CamOverlayControls(OverlayViewModel vm, LiveView live) {
        toggle.setId("cam-toggle");
        legend.setId("cam-legend");
        toggle.selectedProperty().bindBidirectional(vm.cam());
        toggle.setTooltip(new Tooltip("The defect classifier's Grad-CAM map: where it looked for the class it names"));
        opacity.valueProperty().bindBidirectional(vm.camOpacity());
        opacity.setPrefWidth(90);
        opacity.setTooltip(new Tooltip("Grad-CAM opacity"));
        colours.getItems().setAll(ColourMap.values());
        colours.valueProperty().bindBidirectional(vm.camColours());
        legend.textProperty().bind(vm.camLegend());
        legend.getStyleClass().add("cam-legend");
        legend.setPadding(new Insets(4, 8, 4, 8));
        legend.setMouseTransparent(true);
        legend.visibleProperty().bind(vm.cam().and(vm.camAvailable()));
        StackPane.setAlignment(legend, Pos.BOTTOM_LEFT);
        StackPane.setMargin(legend, new Insets(12));
        live.camOpacity().bind(vm.camOpacity());
        live.getChildren().add(legend);
    }

    /** The toolbar part, hidden (and taking no room) without a classifier. */
    Node toolbarGroup(OverlayViewModel vm) {
        HBox group = new HBox(6, toggle, opacity, colours);
        group.setAlignment(Pos.CENTER_LEFT);
        group.visibleProperty().bind(vm.camAvailable());
        group.managedProperty().bind(vm.camAvailable());
        return group;
    }
}
