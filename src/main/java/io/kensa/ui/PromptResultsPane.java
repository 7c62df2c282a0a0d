package io.kensa.ui;

import static io.kensa.ui.PromptControls.area;
import static io.kensa.ui.PromptControls.button;
import static io.kensa.ui.PromptControls.label;
import static io.kensa.ui.PromptControls.tone;

import io.kensa.llm.ProfileDiff;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The right side of the Prompts screen: the draft tried on one image (with exactly what is sent, also as a preview
 * without sending), measured on a labelled set, version diffs, what each prompt part is worth (Ablation) and two
 * stored versions measured against each other (Versions).
 */
final class PromptResultsPane extends TabPane {
    private final PromptsViewModel vm;

    /** @param snapshots  where the preview's image chooser opens */
    PromptResultsPane(PromptsViewModel vm, PromptMeasureViewModel measure, Path snapshots) {
        this.vm = vm;
        Label tryState = label("prompt-try-state", vm.tryState());
        tryState.setWrapText(true);
        tone(tryState, vm.tryTone());
        Label tryClass = label("prompt-try-class", vm.tryClass());
        tryClass.getStyleClass().add("class-name");
        Label trySeverity = label("prompt-try-severity", vm.trySeverity());
        vm.trySeverityStyle().addListener((o, a, style) -> {
            trySeverity.getStyleClass().setAll("label");
            if (!style.isBlank()) {
                trySeverity.getStyleClass().addAll("severity", style);
            }
        });
        TextArea tryRationale = area(8, "prompt-try-rationale");
        tryRationale.textProperty().bind(vm.tryRationale());
        tryRationale.setEditable(false);
        tryRationale.getStyleClass().add("rationale");
        Label tryFacts = label("prompt-try-facts", vm.tryFacts());
        tryFacts.getStyleClass().add("muted");
        tryFacts.setWrapText(true);
        Button tryCancel = button("Cancel", "prompt-try-cancel", vm::cancelTry);
        tryCancel.disableProperty().bind(vm.tryRunning().not());
        VBox tryBox = new VBox(6, tryState, new HBox(8, tryClass, trySeverity), tryRationale, tryFacts, tryCancel,
                new SendPreviewPane(vm.sendPreview(), snapshots));
        tryBox.setPadding(new Insets(8));
        ScrollPane tryScroll = new ScrollPane(tryBox);
        tryScroll.setFitToWidth(true);

        getTabs().setAll(List.of(new Tab("Try", tryScroll), new Tab("Measure", measureBox()), new Tab("Compare", diffBox()),
                new Tab("Ablation", PromptMeasurePane.ablation(measure)), new Tab("Versions", PromptMeasurePane.versions(measure))));
        getTabs().forEach(t -> t.setClosable(false));
        setPrefWidth(460);
        vm.resultTab().addListener((o, a, tab) -> getSelectionModel().select(tab.ordinal()));
    }

    private VBox measureBox() {
        CheckBox includeGood = new CheckBox("Include test/good as 'normal'");
        includeGood.setId("prompt-include-good");
        includeGood.selectedProperty().bindBidirectional(vm.includeGood());
        ProgressBar progress = new ProgressBar(0);
        progress.setId("prompt-measure-progress");
        progress.progressProperty().bind(vm.measureProgress());
        progress.setMaxWidth(Double.MAX_VALUE);
        Label state = label("prompt-measure-state", vm.measureState());
        state.setWrapText(true);
        TextArea report = area(18, "prompt-measure-report");
        report.textProperty().bind(vm.measureReport());
        report.setEditable(false);
        report.setWrapText(false);
        report.getStyleClass().add("prompt-report");
        Button cancel = button("Cancel", "prompt-measure-cancel", vm::cancelMeasure);
        cancel.disableProperty().bind(vm.measureRunning().not());
        VBox box = new VBox(6, includeGood, progress, new HBox(8, state, cancel), report);
        VBox.setVgrow(report, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    private VBox diffBox() {
        Label title = label("prompt-diff-title", vm.diffTitle());
        title.setWrapText(true);
        ListView<ProfileDiff.Line> diff = new ListView<>(vm.diff());
        diff.setId("prompt-diff");
        diff.getStyleClass().add("prompt-diff");
        diff.setCellFactory(list -> new ListCell<>() {
            @Override
            protected void updateItem(ProfileDiff.Line line, boolean empty) {
                super.updateItem(line, empty);
                getStyleClass().removeAll("prompt-diff-added", "prompt-diff-removed");
                setText(empty || line == null ? null : line.marked());
                if (!empty && line != null && line.change() != ProfileDiff.Change.SAME) {
                    getStyleClass().add(line.change() == ProfileDiff.Change.ADDED ? "prompt-diff-added" : "prompt-diff-removed");
                }
            }
        });
        VBox.setVgrow(diff, Priority.ALWAYS);
        VBox box = new VBox(6, title, diff);
        box.setPadding(new Insets(8));
        return box;
    }
}
