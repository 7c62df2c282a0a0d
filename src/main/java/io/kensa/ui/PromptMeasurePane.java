package io.kensa.ui;

import static io.kensa.ui.PromptControls.area;
import static io.kensa.ui.PromptControls.button;
import static io.kensa.ui.PromptControls.caption;
import static io.kensa.ui.PromptControls.label;

import io.kensa.inspect.PromptComparison;
import io.kensa.inspect.PromptEvaluation;
import io.kensa.llm.PromptPart;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The controls of the Ablation and Versions tabs, bound to a {@link PromptMeasureViewModel}; no logic of their own. */
final class PromptMeasurePane {
    private PromptMeasurePane() {}

    /** Labelled set (folder or decision log), parts to leave out, progress and cancel, the ablation table, per-class figures and confusion matrix. */
    static VBox ablation(PromptMeasureViewModel vm) {
        FlowPane partBoxes = new FlowPane(8, 4);
        for (PromptPart part : PromptPart.values()) {
            CheckBox box = new CheckBox(part.name());
            box.setId("prompt-ablate-" + part.name().toLowerCase(Locale.ROOT));
            box.setTooltip(new Tooltip("also run without the " + part.label()));
            box.selectedProperty().bindBidirectional(vm.leaveOut(part));
            partBoxes.getChildren().add(box);
        }
        Button measure = button("Measure", "prompt-ablate-run", vm::measure);
        measure.disableProperty().bind(vm.running());
        TableView<PromptMeasureViewModel.PartRow> table = table("prompt-ablation-table", vm.parts(), List.of(
                column("prompt", 250, PromptMeasureViewModel.PartRow::prompt),
                column("macro acc", 70, PromptMeasureViewModel.PartRow::macroAccuracy),
                column("Δ", 62, PromptMeasureViewModel.PartRow::delta),
                column("macro F1", 66, PromptMeasureViewModel.PartRow::macroF1),
                column("κ", 58, PromptMeasureViewModel.PartRow::kappa),
                column("3-class", 58, PromptMeasureViewModel.PartRow::threeClassAccuracy),
                column("no answer", 64, r -> Integer.toString(r.unanswered()))));
        table.setPrefHeight(190);
        TableView<PromptEvaluation.ClassScore> perClass = table("prompt-ablation-classes", vm.classes(), List.of(
                column("class", 130, PromptEvaluation.ClassScore::name),
                column("images", 55, c -> Integer.toString(c.support())),
                column("precision", 70, c -> number(c.precision())),
                column("recall", 60, c -> number(c.recall())),
                column("F1", 60, c -> number(c.f1()))));
        perClass.setPrefHeight(130);
        TextArea matrix = area(5, "prompt-ablation-confusion");
        matrix.textProperty().bind(vm.confusion());
        matrix.setEditable(false);
        matrix.getStyleClass().add("prompt-report");
        VBox box = new VBox(6, setRows(vm, "ablation"), caption("Also run without (VELM's ablation):"), partBoxes,
                progressRow(vm, measure), table, caption("Whole profile: per class"), perClass,
                caption("Confusion (rows: truth, columns: answer)"), matrix);
        VBox.setVgrow(matrix, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    /** Two stored versions on the labelled set: the figures with their deltas and every image whose answer changed. */
    static VBox versions(PromptMeasureViewModel vm) {
        TextField first = new TextField();
        first.setId("prompt-compare-first");
        first.setPrefColumnCount(4);
        first.textProperty().bindBidirectional(vm.firstVersion());
        TextField second = new TextField();
        second.setId("prompt-compare-second");
        second.setPrefColumnCount(4);
        second.textProperty().bindBidirectional(vm.secondVersion());
        Button run = button("Compare", "prompt-compare-run", vm::compare);
        run.disableProperty().bind(vm.running());
        TableView<PromptMeasureViewModel.FigureRow> deltas = table("prompt-compare-deltas", vm.deltas(), List.of(
                column("figure", 130, PromptMeasureViewModel.FigureRow::figure),
                column("first", 70, PromptMeasureViewModel.FigureRow::before),
                column("second", 70, PromptMeasureViewModel.FigureRow::after),
                column("Δ", 70, PromptMeasureViewModel.FigureRow::delta)));
        deltas.setPrefHeight(170);
        TableView<PromptComparison.Change> changed = table("prompt-compare-changed", vm.changed(), List.of(
                column("image", 160, c -> PromptComparison.shortName(c.image())),
                column("truth", 100, PromptComparison.Change::truth),
                column("first", 100, PromptComparison.Change::before),
                column("second", 100, PromptComparison.Change::after),
                column("", 60, c -> c.gain() > 0 ? "fixed" : c.gain() < 0 ? "broken" : "")));
        VBox box = new VBox(6, setRows(vm, "compare"), new HBox(6, new Label("Versions"), first, new Label("and"), second),
                progressRow(vm, run), deltas, caption("Images whose answer changed"), changed);
        VBox.setVgrow(changed, Priority.ALWAYS);
        box.setPadding(new Insets(8));
        return box;
    }

    /** The choice of labelled set, and the folder's or the log filter's fields (only the chosen one shows). */
    private static Node setRows(PromptMeasureViewModel vm, String tab) {
        ChoiceBox<PromptMeasureViewModel.Source> source = new ChoiceBox<>(
                FXCollections.observableArrayList(PromptMeasureViewModel.Source.values()));
        source.setId("prompt-" + tab + "-source");
        source.valueProperty().bindBidirectional(vm.source());
        Node folder = folderRow(vm);
        folder.setId("prompt-" + tab + "-folder-row");
        Node log = logRows(vm, tab);
        log.setId("prompt-" + tab + "-log-row");
        folder.visibleProperty().bind(vm.source().isEqualTo(PromptMeasureViewModel.Source.FOLDER));
        log.visibleProperty().bind(folder.visibleProperty().not());
        folder.managedProperty().bind(folder.visibleProperty());
        log.managedProperty().bind(log.visibleProperty());
        return new VBox(4, new HBox(8, new Label("Labelled set"), source), folder, log);
    }

    /** Recipe, days and final class of the decisions to measure on, and how many that selects. */
    private static Node logRows(PromptMeasureViewModel vm, String tab) {
        TextField recipe = PaneControls.field("prompt-" + tab + "-log-recipe", "recipe being edited");
        recipe.setPrefColumnCount(10);
        recipe.textProperty().bindBidirectional(vm.logRecipe());
        DatePicker from = day("prompt-" + tab + "-log-from", "first day", vm.logFrom());
        DatePicker to = day("prompt-" + tab + "-log-to", "last day", vm.logTo());
        TextField finalClass = PaneControls.field("prompt-" + tab + "-log-class", "any final class");
        finalClass.setPrefColumnCount(10);
        finalClass.textProperty().bindBidirectional(vm.logClass());
        Label count = label("prompt-" + tab + "-log-count", vm.logCount());
        count.setWrapText(true);
        return new VBox(4, new HBox(6, new Label("Recipe"), recipe, new Label("from"), from, new Label("to"), to,
                new Label("class"), finalClass), count);
    }

    private static DatePicker day(String id, String prompt, ObjectProperty<LocalDate> value) {
        DatePicker picker = new DatePicker();
        picker.setId(id);
        picker.setPromptText(prompt);
        picker.setPrefWidth(130);
        picker.valueProperty().bindBidirectional(value);
        return picker;
    }

    private static Node folderRow(PromptMeasureViewModel vm) {
        Label folder = new Label();
        folder.setId("prompt-ablation-folder");
        folder.textProperty().bind(vm.dataFolder().map(Path::toString).orElse("(no labelled folder chosen)"));
        Button choose = new Button("Folder…");
        choose.setOnAction(e -> {
            PaneControls.chooseFolder(choose, "Labelled folder in MVTec layout (test/<class>/, ground_truth/<class>/)",
                    Optional.empty()).ifPresent(vm.dataFolder()::set);
        });
        CheckBox good = new CheckBox("test/good as 'normal'");
        good.selectedProperty().bindBidirectional(vm.includeGood());
        return new HBox(8, choose, folder, good);
    }

    private static Node progressRow(PromptMeasureViewModel vm, Button run) {
        ProgressBar bar = new ProgressBar(0);
        bar.progressProperty().bind(vm.progress());
        bar.setPrefWidth(140);
        Label state = label("prompt-ablation-state", vm.state());
        state.setWrapText(true);
        Button cancel = button("Cancel", "prompt-ablation-cancel", vm::cancel);
        cancel.disableProperty().bind(vm.running().not());
        HBox row = new HBox(8, run, cancel, bar, state);
        HBox.setHgrow(state, Priority.ALWAYS);
        return row;
    }

    private static <T> TableView<T> table(String id, ObservableList<T> items,
                                          List<TableColumn<T, String>> columns) {
        TableView<T> table = new TableView<>(items);
        table.setId(id);
        table.getColumns().setAll(columns);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        return table;
    }

    private static <T> TableColumn<T, String> column(String title, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        return c;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
