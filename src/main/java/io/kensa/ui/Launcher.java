package io.kensa.ui;

import javafx.application.Application;

/** Starts the JavaFX application (kept separate so the main class does not extend Application). */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) {
        Application.launch(KensaApp.class, args);
    }
}
