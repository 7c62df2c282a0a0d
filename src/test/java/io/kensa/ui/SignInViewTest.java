package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.auth.AccountRules;
import io.kensa.auth.Accounts;
import io.kensa.auth.IdleLock;
import io.kensa.store.AccountStore;
import io.kensa.store.Database;
import io.kensa.util.Threads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The sign-in screen over a window, headless (Monocle), on a real account store with a real sign-in thread, wired the
 * way {@link KensaApp} wires it: the kiosk's automatic sign-in uncovers the window, and a person typing id, password
 * and Enter signs in. What the screen's commands do is tested on {@link SignInViewModel}.
 */
@ExtendWith(ApplicationExtension.class)
class SignInViewTest {
    private static final String PASSWORD = "Lighthouse-42";
    private static final String UNATTENDED = "Station unattended: capture and detection keep running.";
    private final ExecutorService worker = Threads.single("kensa-sign-in-test");
    private Database database;
    private SignInViewModel vm;
    private SignInView view;

    @Start
    void start(Stage stage) throws Exception {
        Path dir = Files.createTempDirectory("kensa-sign-in-view");
        database = Database.openFile(dir.resolve("db"));
        Accounts accounts = new Accounts(new AccountStore(database, dir), AccountRules.defaults(), Clock.systemDefaultZone());
        accounts.createFirstSupervisor("admin", "Mei Tanaka", PASSWORD.toCharArray());
        vm = new SignInViewModel(accounts, new IdleLock(Duration.ZERO, Clock.systemDefaultZone()), worker,
                Platform::runLater);
        view = new SignInView(vm, new javafx.beans.property.SimpleStringProperty(UNATTENDED));
        StackPane window = new StackPane(new Label("the station's tabs"), view);
        stage.setScene(new Scene(window, 900, 600));
        stage.show();
    }

    @AfterEach
    void close() {
        worker.shutdownNow();
        database.close();
    }

    @Test
    void theKioskSignInRightAfterStartUncoversTheWindow() throws Exception {
        Platform.runLater(() -> {
            vm.start();
            vm.signInAs("admin", PASSWORD); // as KensaApp does with -Dkensa.user and KENSA_PASSWORD
        });
        FxWait.until(() -> !view.isVisible(), 30);
        assertEquals("admin", vm.operator().orElseThrow().id());
    }

    @Test
    void aPersonTypesIdAndPasswordAndPressesEnter(FxRobot robot) throws Exception {
        robot.interact(vm::start);
        FxWait.until(() -> !vm.busy().get(), 30);
        assertTrue(view.isVisible(), "nobody is signed in yet: the window is covered");
        assertEquals(UNATTENDED, view.unattended.getText(), "the screen says the station is unattended");
        robot.clickOn("#sign-in-id").write("admin");
        robot.clickOn("#sign-in-password").write("not the password").type(KeyCode.ENTER);
        FxWait.until(() -> view.message.getText().startsWith("Wrong password for 'admin'"), 30);
        assertTrue(view.isVisible());
        assertEquals("", view.password.getText(), "a refused password does not stay in the field");
        robot.clickOn("#sign-in-password").write(PASSWORD).type(KeyCode.ENTER);
        FxWait.until(() -> !view.isVisible(), 30);
        assertEquals("admin", vm.operator().orElseThrow().id());
        assertFalse(vm.locked().get());
    }
}
