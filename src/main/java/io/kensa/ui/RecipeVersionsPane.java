package io.kensa.ui;

import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The Versions pane: the history table (select one version to roll back to, two to compare), the draft's state with
 * "Diff draft", the diff, and "Publish draft" / "Roll back" with the comment they need. Bound to a
 * {@link RecipeVersionsViewModel}.
 */
final class RecipeVersionsPane extends VBox {
    RecipeVersionsPane(RecipeVersionsViewModel vm) {
        super(8);
        setPadding(new Insets(12, 16, 12, 16));
        TableView<RecipeVersionsViewModel.Row> table = new TableView<>(vm.rows());
        table.setId("versions-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getColumns().addAll(List.of(
                column("Version", r -> "v" + r.number()),
                column("Live", r -> r.live() ? "live" : ""),
                column("Published", RecipeVersionsViewModel.Row::published),
                column("By", RecipeVersionsViewModel.Row::author),
                column("Comment", RecipeVersionsViewModel.Row::comment)));
        table.getColumns().get(4).setPrefWidth(520);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(220);
        List<RecipeVersionsViewModel.Row> selected = table.getSelectionModel().getSelectedItems();
        BooleanBinding oneSelected = Bindings.size(table.getSelectionModel().getSelectedItems()).isEqualTo(1);
        BooleanBinding twoSelected = Bindings.size(table.getSelectionModel().getSelectedItems()).isEqualTo(2);

        Button compare = PaneControls.button("versions-compare", "Compare selected");
        compare.setOnAction(e -> vm.diff(selected.get(0).number(), selected.get(1).number()));
        compare.disableProperty().bind(vm.working().or(twoSelected.not()));
        Button diffDraft = PaneControls.button("versions-diff-draft", "Diff draft");
        diffDraft.setOnAction(e -> vm.diffDraft());
        diffDraft.disableProperty().bind(vm.working().or(vm.hasDraft().not()));
        Label draft = PaneControls.label("versions-draft", vm.draft());

        TextArea diff = new TextArea();
        diff.setId("versions-diff");
        diff.setEditable(false);
        diff.setPrefRowCount(8);
        diff.textProperty().bind(vm.diff());
        diff.setStyle("-fx-font-family: monospace;");
        VBox.setVgrow(diff, Priority.ALWAYS);

        TextField comment = PaneControls.field("versions-comment", "why (kept with the version)");
        comment.setPrefColumnCount(48);
        comment.textProperty().bindBidirectional(vm.comment());
        Button publish = PaneControls.button("versions-publish", "Publish draft");
        publish.setOnAction(e -> vm.publish());
        publish.disableProperty().bind(vm.working().or(vm.hasDraft().not()).or(vm.comment().isEmpty()));
        Button rollback = PaneControls.button("versions-rollback", "Roll back to selected");
        rollback.setOnAction(e -> vm.rollback(selected.get(0).number()));
        rollback.disableProperty().bind(vm.working().or(oneSelected.not()).or(vm.comment().isEmpty()));

        Label message = PaneControls.message("versions-message", vm.message(), vm.messageProblem());
        message.setWrapText(true);
        getChildren().addAll(table, PaneControls.row(compare, diffDraft, draft), diff,
                PaneControls.row(new Label("Comment"), comment, publish, rollback), message);
    }

    private static TableColumn<RecipeVersionsViewModel.Row, String> column(
            String title, Function<RecipeVersionsViewModel.Row, String> value) {
        TableColumn<RecipeVersionsViewModel.Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new SimpleObjectProperty<>(value.apply(cell.getValue())));
        c.setSortable(false);
        return c;
    }
}
