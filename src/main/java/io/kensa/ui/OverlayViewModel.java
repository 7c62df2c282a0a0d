package io.kensa.ui;

import io.kensa.config.Settings;
import io.kensa.detect.ColourMap;
import io.kensa.detect.HeatmapRenderer;
import io.kensa.inspect.FrameCam;
import io.kensa.inspect.Workstation;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;

/**
 * The live view's two overlays (the anomaly heatmap with its legend, the classifier's Grad-CAM map) and the live view /
 * case pane divider: what the toolbar shows, what the renderer draws, and what {@code settings.properties} keeps.
 */
final class OverlayViewModel {
    static final String DIVIDER = "window.divider";
    static final String HEATMAP = "overlay.heatmap";
    static final String OPACITY = "overlay.opacity";
    static final String COLOURS = "overlay.colours";
    static final String CAM = "overlay.cam";
    static final String CAM_OPACITY = "overlay.camOpacity";
    static final String CAM_COLOURS = "overlay.camColours";
    /** The settings keys this view-model owns. */
    static final List<String> KEYS = List.of(HEATMAP, OPACITY, COLOURS, CAM, CAM_OPACITY, CAM_COLOURS, DIVIDER);

    private final FrameRenderer renderer;
    private final BooleanProperty heatmap = new SimpleBooleanProperty(true);
    private final DoubleProperty opacity = new SimpleDoubleProperty(0.55);
    private final ObjectProperty<ColourMap> colours = new SimpleObjectProperty<>(ColourMap.JET);
    private final DoubleProperty divider = new SimpleDoubleProperty(0.64);
    private final ObjectProperty<BufferedImage> legend = new SimpleObjectProperty<>();
    private final BooleanProperty cam = new SimpleBooleanProperty(true);
    private final DoubleProperty camOpacity = new SimpleDoubleProperty(0.5);
    private final ObjectProperty<ColourMap> camColours = new SimpleObjectProperty<>(ColourMap.VIRIDIS);
    private final BooleanProperty camAvailable = new SimpleBooleanProperty(false);
    private final StringProperty camLegend = new SimpleStringProperty("");

    /** Starts from the remembered values and hands them to the renderer. */
    OverlayViewModel(FrameRenderer renderer, Settings settings) {
        this.renderer = renderer;
        heatmap.set(Boolean.parseBoolean(settings.get(HEATMAP, "true")));
        opacity.set(settings.getDouble(OPACITY, 0.55));
        colours.set(parseColourMap(settings.get(COLOURS, "JET")));
        cam.set(Boolean.parseBoolean(settings.get(CAM, "true")));
        camOpacity.set(settings.getDouble(CAM_OPACITY, 0.5));
        camColours.set(parseColourMap(settings.get(CAM_COLOURS, "VIRIDIS")));
        divider.set(settings.getDouble(DIVIDER, 0.64));
        draw();
        for (ObservableValue<?> drawn : List.<ObservableValue<?>>of(heatmap, colours, cam, camColours)) {
            drawn.addListener((o, was, now) -> draw());
        }
    }

    private static ColourMap parseColourMap(String name) {
        try {
            return ColourMap.valueOf(name);
        } catch (IllegalArgumentException e) {
            return ColourMap.JET;
        }
    }

    private void draw() {
        renderer.overlay(heatmap.get(), colours.get());
        renderer.cam(cam.get(), camColours.get());
        legend.set(HeatmapRenderer.legend(14, 160, colours.get()));
    }

    /** Runs {@code changed} after each change the settings file keeps (a dragged slider calls it many times). */
    void onChange(Runnable changed) {
        for (ObservableValue<?> kept : List.<ObservableValue<?>>of(heatmap, opacity, colours, cam, camOpacity, camColours, divider)) {
            kept.addListener((o, was, now) -> changed.run());
        }
    }

    BooleanProperty heatmap() { return heatmap; }
    DoubleProperty opacity() { return opacity; }
    ObjectProperty<ColourMap> colours() { return colours; }
    BooleanProperty cam() { return cam; }
    DoubleProperty camOpacity() { return camOpacity; }
    ObjectProperty<ColourMap> camColours() { return camColours; }
    /** Whether the recipe has a defect classifier, so there is a Grad-CAM map to show. */
    ReadOnlyBooleanProperty camAvailable() { return camAvailable; }
    /** What the second overlay is: where the classifier looked for which class — not the anomaly map. */
    ReadOnlyStringProperty camLegend() { return camLegend; }
    /** The live view / case pane divider position. */
    DoubleProperty divider() { return divider; }
    /** The colour scale strip for the current colour map. */
    ReadOnlyObjectProperty<BufferedImage> legend() { return legend; }

    void toggleHeatmap() {
        heatmap.set(!heatmap.get());
    }

    void toggleCam() {
        cam.set(!cam.get());
    }

    /** Whether there is a classifier, and what its newest map shows (on the status pulse). */
    void refresh(Workstation workstation) {
        camAvailable.set(workstation.hasClassifier());
        camLegend.set(camLegend(workstation.latestCam()));
    }

    static String camLegend(Optional<FrameCam> latest) {
        return latest.map(c -> String.format(Locale.ROOT, "Grad-CAM: where the classifier looked for %s (%.0f%%, %s) — not the anomaly map",
                c.map().className(), 100 * c.map().probability(), c.map().stage()))
                .orElse("Grad-CAM: where the classifier looked — shown once it classifies a flagged frame");
    }

    /** {@code settings} with this view-model's values. */
    Settings writeTo(Settings settings) {
        return settings.with(HEATMAP, String.valueOf(heatmap.get()))
                .with(OPACITY, String.format(Locale.ROOT, "%.2f", opacity.get()))
                .with(COLOURS, colours.get().name())
                .with(CAM, String.valueOf(cam.get()))
                .with(CAM_OPACITY, String.format(Locale.ROOT, "%.2f", camOpacity.get()))
                .with(CAM_COLOURS, camColours.get().name())
                .with(DIVIDER, String.format(Locale.ROOT, "%.3f", divider.get()));
    }
}
