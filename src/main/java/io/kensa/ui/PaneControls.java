package io.kensa.ui;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * The few controls the QA screens (Recipes with its workspace panes, Classifier) build alike: sections, bound labels,
 * buttons, fields, progress, pictures with captions, the message line and the status bar under a view.
 */
final class PaneControls {
    private PaneControls() {}

    static Label label(String id, ReadOnlyStringProperty text) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.textProperty().bind(text);
        return l;
    }

    static Button button(String id, String text) {
        Button b = new Button(text);
        b.setId(id);
        return b;
    }

    static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(28);
        return f;
    }

    static HBox row(Node... nodes) {
        HBox h = new HBox(8, nodes);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    static GridPane grid() {
        GridPane g = new GridPane();
        g.setHgap(12);
        g.setVgap(6);
        return g;
    }

    static VBox section(String title, Node... body) {
        Label t = new Label(title);
        t.getStyleClass().add("pane-title");
        VBox box = new VBox(8, t);
        box.getChildren().addAll(body);
        box.getStyleClass().add("settings-section");
        return box;
    }

    /** A progress bar and its text, shown while working. */
    static HBox progress(String id, ReadOnlyDoubleProperty fraction, ReadOnlyStringProperty text,
                         ReadOnlyBooleanProperty working) {
        ProgressBar bar = new ProgressBar();
        bar.setId(id);
        bar.setPrefWidth(220);
        bar.progressProperty().bind(fraction);
        HBox box = row(bar, label(id + "-text", text));
        box.visibleProperty().bind(working);
        return box;
    }

    /** The message line: muted, or in the error colour when it reports a problem. */
    static Label message(String id, ReadOnlyStringProperty text, ReadOnlyBooleanProperty problem) {
        Label l = label(id, text);
        problem.addListener((o, a, p) -> tone(l, p));
        tone(l, problem.get());
        return l;
    }

    /** The message line in the status bar along a view's bottom. */
    static HBox statusBar(String id, ReadOnlyStringProperty text, ReadOnlyBooleanProperty problem) {
        HBox bar = new HBox(message(id, text, problem));
        bar.setPadding(new Insets(6, 16, 6, 16));
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private static void tone(Label label, boolean problem) {
        label.getStyleClass().removeAll("error-text", "muted");
        label.getStyleClass().add(problem ? "error-text" : "muted");
    }

    /** A picture drawn off the FX thread, shown as it is. */
    static ImageView picture(BufferedImage image) {
        return new ImageView(FxImages.toFx(image));
    }

    /** A muted line under a picture. */
    static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("muted");
        return l;
    }

    /** Asks for a folder, starting in {@code start} when that is one; empty when the person cancels. */
    static Optional<Path> chooseFolder(Node owner, String title, Optional<Path> start) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle(title);
        start.map(Path::toFile).filter(File::isDirectory).ifPresent(chooser::setInitialDirectory);
        Scene scene = owner.getScene();
        return Optional.ofNullable(chooser.showDialog(scene == null ? null : scene.getWindow())).map(File::toPath);
    }

}
