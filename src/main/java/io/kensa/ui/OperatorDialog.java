package io.kensa.ui;

import io.kensa.model.Operator;
import io.kensa.model.Role;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;

/** Start of shift: who is at the station (stored with every decision and shown in the status bar). */
final class OperatorDialog extends Dialog<Operator> {
    final TextField id = new TextField();
    final TextField name = new TextField();
    final ChoiceBox<Role> role = new ChoiceBox<>();

    OperatorDialog(Optional<Operator> last) {
        setTitle("Kensa — start of shift");
        setHeaderText("Who is inspecting at this station?");
        role.getItems().setAll(Role.values());
        role.setValue(last.map(Operator::role).orElse(Role.INSPECTOR));
        last.ifPresent(o -> {
            id.setText(o.id());
            name.setText(o.name());
        });
        id.setPromptText("badge or login id");
        name.setPromptText("name shown on decisions");
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.setPadding(new Insets(16));
        grid.addRow(0, new Label("Operator id"), id);
        grid.addRow(1, new Label("Name"), name);
        grid.addRow(2, new Label("Role"), role);
        getDialogPane().setContent(grid);
        getDialogPane().getButtonTypes().setAll(ButtonType.OK, ButtonType.CANCEL);
        getDialogPane().lookupButton(ButtonType.OK).disableProperty()
                .bind(id.textProperty().isEmpty().or(name.textProperty().isEmpty()));
        setResultConverter(b -> b == ButtonType.OK ? new Operator(id.getText(), name.getText(), role.getValue()) : null);
        Platform.runLater(() -> (id.getText().isEmpty() ? id : name).requestFocus());
    }

    /** The operator remembered from the last shift, if the settings hold one ({@code id|name|role}). */
    static Optional<Operator> parse(String stored) {
        String[] parts = stored.split("\\|");
        try {
            return parts.length == 3 ? Optional.of(new Operator(parts[0], parts[1], Role.fromWire(parts[2]))) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String format(Operator o) {
        return o.id() + "|" + o.name() + "|" + o.role().wire();
    }
}
