package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kensa.config.KensaHome;
import io.kensa.inspect.DecisionLogs;
import io.kensa.recipe.RecipeWorkspace;
import io.kensa.recipe.Recipes;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
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
 * The Recipes tab's controls, headless (Monocle), on a real data folder and H2 log: the chooser, the Versions pane's
 * table and buttons follow the view-models. What the commands do is tested in {@code RecipesViewModelTest} and
 * {@code RecipeVersionsViewModelTest}.
 */
@ExtendWith(ApplicationExtension.class)
class RecipesViewTest {
    private Database db;
    private InspectionStore store;
    private RecipesView view;
    private TestSignatures signatures;

    @Start
    void start(Stage stage) throws Exception {
        KensaHome home = new KensaHome(Files.createTempDirectory("kensa-recipes-ui").resolve("home"));
        DecisionLogs.fill(home, List.of("good"), 1, 0);
        new RecipeWorkspace(home).editDraft(Recipes.DEMO, Map.of("detector.tile", 512), Map.of());
        db = Database.openExistingFile(home.database());
        store = InspectionStore.openForReading(db, home.images());
        signatures = TestSignatures.signedIn(RecipeVersionsViewModelTest.QA, r -> new Thread(r, "test-sign").start(),
                Platform::runLater);
        view = new RecipesView(home, store, () -> RecipeVersionsViewModelTest.QA, signatures.vm, Optional::empty, Recipes.DEMO);
        // the signature question covers the window, as in KensaApp
        Scene scene = new Scene(new StackPane(view, new SignatureView(signatures.vm)), 1100, 760);
        scene.getStylesheets().add(KensaApp.class.getResource("kensa.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() {
        view.close();
        store.close();
        db.close();
        signatures.close();
    }

    @Test
    void theDraftIsPublishedWithACommentFromTheVersionsPane(FxRobot robot) throws Exception {
        TableView<?> table = node(robot, "#versions-table");
        Label draft = node(robot, "#versions-draft");
        FxWait.until(() -> table.getItems().size() == 1 && draft.getText().startsWith("Draft: 1 change"), 20);
        assertEquals(Recipes.DEMO, this.<ComboBox<?>>node(robot, "#recipes-chooser").getValue());
        assertEquals(List.of("Versions", "Train", "Prototypes"),
                this.<TabPane>node(robot, "#recipe-panes").getTabs().stream().map(t -> t.getText()).toList());
        FxWait.until(() -> view.trainingPane().isPresent(), 20);
        assertTrue(this.<TabPane>node(robot, "#recipe-panes").getTabs().get(1).getContent() instanceof RecipeTrainingPane,
                "the training panes are mounted on the chosen recipe");
        assertSame(view.prototypesPane().get(), this.<TabPane>node(robot, "#recipe-panes").getTabs().get(2).getContent(),
                "so is the Prototypes pane");
        Button publish = node(robot, "#versions-publish");
        assertTrue(publish.isDisabled(), "a publication needs a comment");

        robot.clickOn("#versions-comment").write("tiles for small chips");
        assertFalse(publish.isDisabled());
        robot.clickOn(publish);
        FxWait.until(() -> robot.lookup("#signature-password").query().isVisible(), 20);
        robot.clickOn("#signature-password").write(TestSignatures.PASSWORD).type(KeyCode.ENTER);

        FxWait.until(() -> table.getItems().size() == 2, 20);
        Label message = node(robot, "#versions-message");
        assertTrue(message.getText().startsWith("Published bottle v2."), message.getText());
        assertEquals("No draft: nothing waits to be published", draft.getText());
        assertTrue(publish.isDisabled(), "nothing left to publish");
        assertEquals("recipe bottle v2", signatures.recorded().get(0).subject(), "the publication is signed");

        // the picture in docs/ (-Dkensa.screenshot.recipes=FILE): the history with the publication just made
        robot.interact(() -> table.getSelectionModel().selectRange(0, 2));
        robot.clickOn("#versions-compare");
        TextArea diff = robot.lookup("#versions-diff").queryAs(TextArea.class);
        FxWait.until(() -> diff.getText().contains("detector.tile"), 20);
        Screenshots.saveIfAsked(robot, view, "kensa.screenshot.recipes");
    }

    @SuppressWarnings("unchecked")
    private <T extends Node> T node(FxRobot robot, String query) {
        return (T) robot.lookup(query).query();
    }
}
