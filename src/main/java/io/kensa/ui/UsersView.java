package io.kensa.ui;

import io.kensa.auth.Accounts;
import io.kensa.model.Role;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** The Users tab (supervisors): the accounts, and the commands of {@link UsersViewModel}. Controls and bindings only. */
final class UsersView extends BorderPane {
    private final UsersViewModel vm;
    final ListView<Accounts.User> list = new ListView<>();

    UsersView(UsersViewModel vm) {
        this.vm = vm;
        list.setItems(vm.users());
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(Accounts.User item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : UsersViewModel.describe(item));
            }
        });
        vm.selected().bind(list.getSelectionModel().selectedItemProperty());

        GridPane form = newAccountForm();

        ChoiceBox<Role> role = new ChoiceBox<>();
        role.getItems().setAll(Role.values());
        role.valueProperty().bindBidirectional(vm.role());
        Button changeRole = new Button("Set role");
        changeRole.setOnAction(e -> vm.changeRole());
        Button disable = new Button("Disable");
        disable.setOnAction(e -> vm.disable());
        Button enable = new Button("Enable");
        enable.setOnAction(e -> vm.enable());
        Button reset = new Button("Set password");
        reset.setOnAction(e -> vm.resetPassword());
        for (Button b : new Button[] {changeRole, disable, enable}) {
            b.disableProperty().bind(vm.busy().or(vm.selected().isNull()));
        }
        reset.disableProperty().bind(vm.busy().or(vm.selected().isNull()).or(vm.password().isEmpty()));

        Label message = new Label();
        message.setWrapText(true);
        message.textProperty().bind(vm.message());
        VBox side = new VBox(12, new Label("New account (or a new password for the selected one)"), form,
                new Label("Selected account"), new HBox(8, role, changeRole), new HBox(8, disable, enable, reset), message);
        side.setPadding(new Insets(12));
        side.setPrefWidth(420);
        setCenter(list);
        setRight(side);
        setPadding(new Insets(12));
    }

    /** Id, name, role and password of a new account, and Create account. */
    private GridPane newAccountForm() {
        TextField login = new TextField();
        login.setPromptText("badge or login id");
        login.textProperty().bindBidirectional(vm.newLogin());
        TextField name = new TextField();
        name.setPromptText("name shown on decisions");
        name.textProperty().bindBidirectional(vm.newName());
        ChoiceBox<Role> newRole = new ChoiceBox<>();
        newRole.getItems().setAll(Role.values());
        newRole.valueProperty().bindBidirectional(vm.newRole());
        PasswordField password = new PasswordField();
        password.setPromptText("at least 10 characters, two kinds");
        password.textProperty().bindBidirectional(vm.password());
        Button create = new Button("Create account");
        create.setOnAction(e -> vm.create());
        create.disableProperty().bind(vm.busy().or(vm.newLogin().isEmpty()).or(vm.password().isEmpty()));
        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.addRow(0, new Label("Id"), login);
        form.addRow(1, new Label("Name"), name);
        form.addRow(2, new Label("Role"), newRole);
        form.addRow(3, new Label("Password"), password);
        form.add(create, 1, 4);
        return form;
    }

    void refresh() {
        vm.refresh();
    }
}
