package io.kensa.ui;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;

/**
 * The electronic-signature question over the window: what is signed and its meaning, who signs, the password, Sign
 * and Cancel. Controls and bindings only; see {@link SignatureViewModel}.
 */
final class SignatureView extends StackPane {
    final Label prompt = new Label();
    final Label signer = new Label();
    final PasswordField password = new PasswordField();
    final Button sign = new Button("Sign");
    final Button cancel = new Button("Cancel");
    final Label message = new Label();

    SignatureView(SignatureViewModel vm) {
        setStyle("-fx-background-color: rgba(20, 24, 28, 0.75);");
        prompt.setId("signature-prompt");
        signer.setId("signature-signer");
        password.setId("signature-password");
        sign.setId("signature-sign");
        cancel.setId("signature-cancel");
        message.setId("signature-message");
        prompt.textProperty().bind(vm.prompt());
        signer.textProperty().bind(vm.signer().map(who -> "Signed by " + who + ", now. Enter your password again."));
        password.textProperty().bindBidirectional(vm.password());
        message.textProperty().bind(vm.message());
        for (Label l : new Label[] {prompt, signer, message}) {
            l.setWrapText(true);
            l.setMaxWidth(440);
        }
        message.getStyleClass().add("error-text");
        prompt.setStyle("-fx-font-weight: bold;");
        sign.setDefaultButton(true);
        sign.disableProperty().bind(vm.busy().or(vm.password().isEmpty()));
        sign.setOnAction(e -> vm.sign());
        cancel.setCancelButton(true);
        cancel.disableProperty().bind(vm.busy());
        cancel.setOnAction(e -> vm.cancel());
        getChildren().add(SignInView.card(490, prompt, signer, password, new HBox(8, sign, cancel), message));
        SignInView.showWith(this, vm.asking(), password);
    }
}
