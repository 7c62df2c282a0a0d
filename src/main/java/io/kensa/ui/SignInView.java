package io.kensa.ui;

import javafx.application.Platform;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * The sign-in screen over the whole window (start, switch operator, idle lock): id and password, or on first run the
 * first supervisor's id, name and password twice. Controls and bindings only; see {@link SignInViewModel}.
 */
final class SignInView extends StackPane {
    final TextField login = new TextField();
    final PasswordField password = new PasswordField();
    final TextField name = new TextField();
    final PasswordField confirm = new PasswordField();
    final Button submit = new Button();
    final Label message = new Label();
    final Label heading = new Label();
    final Label unattended = new Label();

    /** @param unattendedText what the station does meanwhile and how many cases wait (empty: nothing to say) */
    SignInView(SignInViewModel vm, ObservableStringValue unattendedText) {
        getStyleClass().add("sign-in");
        setStyle("-fx-background-color: rgba(20, 24, 28, 0.96);");
        login.setId("sign-in-id");
        password.setId("sign-in-password");
        name.setId("sign-in-name");
        confirm.setId("sign-in-confirm");
        submit.setId("sign-in-submit");
        message.setId("sign-in-message");
        login.setPromptText("badge or login id");
        name.setPromptText("name shown on decisions");
        login.textProperty().bindBidirectional(vm.login());
        password.textProperty().bindBidirectional(vm.password());
        name.textProperty().bindBidirectional(vm.name());
        confirm.textProperty().bindBidirectional(vm.confirm());
        heading.textProperty().bind(vm.heading());
        message.textProperty().bind(vm.message());
        message.setWrapText(true);
        message.setMaxWidth(420);
        unattended.setId("sign-in-unattended");
        unattended.textProperty().bind(unattendedText);
        unattended.setWrapText(true);
        unattended.setMaxWidth(420);
        unattended.getStyleClass().add("muted");
        unattended.visibleProperty().bind(unattended.textProperty().isNotEmpty());
        unattended.managedProperty().bind(unattended.visibleProperty());
        submit.textProperty().bind(vm.firstRun().map(first -> first ? "Create and sign in" : "Sign in"));
        submit.disableProperty().bind(vm.busy().or(vm.login().isEmpty()).or(vm.password().isEmpty()));
        submit.setDefaultButton(true);
        submit.setOnAction(e -> vm.submit());

        Label nameLabel = new Label("Name");
        Label confirmLabel = new Label("Password again");
        for (var node : new Node[] {nameLabel, name, confirmLabel, confirm}) {
            node.visibleProperty().bind(vm.firstRun());
            node.managedProperty().bind(vm.firstRun());
        }
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(10);
        grid.addRow(0, new Label("Id"), login);
        grid.addRow(1, nameLabel, name);
        grid.addRow(2, new Label("Password"), password);
        grid.addRow(3, confirmLabel, confirm);
        heading.setStyle("-fx-font-size: 20px; -fx-font-weight: bold;");
        getChildren().add(card(480, heading, unattended, grid, submit, message));
        // the next person types at once: the id field takes the focus whenever the screen is covered
        showWith(this, vm.locked(), login);
    }

    /** The card in the middle of a covering screen (sign-in, signature). */
    static VBox card(double width, Node... children) {
        VBox card = new VBox(14, children);
        card.setPadding(new Insets(28));
        card.setMaxSize(width, USE_PREF_SIZE);
        card.setStyle("-fx-background-color: -fx-base; -fx-background-radius: 6;");
        card.setAlignment(Pos.CENTER_LEFT);
        return card;
    }

    /** A covering screen shows while {@code shown} holds, and {@code first} takes the focus each time it appears. */
    static void showWith(Node screen, ObservableBooleanValue shown, Node first) {
        screen.visibleProperty().bind(shown);
        shown.addListener((o, was, now) -> {
            if (now) {
                Platform.runLater(first::requestFocus);
            }
        });
    }
}
