package io.kensa.ui;

import io.kensa.model.Severity;
import java.awt.image.BufferedImage;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.image.ImageView;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/** The small controls the Prompts screen is built from, made the same way everywhere on it. */
final class PromptControls {
    static final StringConverter<Severity> SEVERITY = new StringConverter<>() {
        @Override
        public String toString(Severity s) {
            return s == null ? "" : s.wire();
        }

        @Override
        public Severity fromString(String text) {
            return Severity.fromWire(text);
        }
    };

    private PromptControls() {}

    static void tone(Label label, ReadOnlyObjectProperty<PromptsViewModel.Tone> tone) {
        Consumer<PromptsViewModel.Tone> apply = t -> {
            label.getStyleClass().setAll("label");
            if (t != PromptsViewModel.Tone.PLAIN) {
                label.getStyleClass().add(t == PromptsViewModel.Tone.PROBLEM ? "error-text" : "muted");
            }
        };
        apply.accept(tone.get());
        tone.addListener((o, a, t) -> apply.accept(t));
    }

    static ImageView sentThumb(BufferedImage image) {
        ImageView view = new ImageView(FxImages.toFx(image));
        view.setFitWidth(96);
        view.setPreserveRatio(true);
        view.getStyleClass().add("thumb");
        return view;
    }

    static FileChooser jsonChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Prompt profile (JSON)", "*.json"));
        return chooser;
    }

    static FileChooser imageChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Images", "*.png", "*.jpg", "*.jpeg", "*.bmp"));
        return chooser;
    }

    static Button button(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(e -> action.run());
        return b;
    }

    static Label label(String id, ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        return l;
    }

    static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("prompt-caption");
        l.setWrapText(true);
        return l;
    }

    static TextArea area(int rows, String id) {
        TextArea a = new TextArea();
        a.setId(id);
        a.setWrapText(true);
        a.setPrefRowCount(rows);
        return a;
    }
}
