package io.kensa.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** The workstation window. */
public final class KensaApp extends Application {
    @Override
    public void start(Stage stage) {
        stage.setTitle("Kensa");
        stage.setScene(new Scene(new Label("Kensa"), 1280, 800));
        stage.show();
    }
}
