package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.config.ShippedResources;
import io.kensa.inspect.PromptEvaluation;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explainers;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.ProfileDiff;
import io.kensa.llm.PromptProfiles;
import io.kensa.store.Database;
import io.kensa.store.PromptProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The prompts view, headless (Monocle), on a copy of the demo recipe, an H2 file database in a temp folder and the
 * offline explainer: edit, save as a new version, open the old one read-only, compare, reject an invalid profile,
 * try on an image and measure on the demo set.
 */
@ExtendWith(ApplicationExtension.class)
class PromptsViewTest {
    private Path temp;
    private Path recipe;
    private Database database;
    private PromptProfileStore store;
    private Explainer explainer;
    private PromptsView view;
    private String originalNd;

    @Start
    void start(Stage stage) throws Exception {
        temp = Files.createTempDirectory("kensa-prompts-ui");
        recipe = temp.resolve("recipes/bottle");
        Files.createDirectories(recipe);
        try (Stream<Path> files = Files.list(ShippedResources.resolve("recipes/bottle"))) {
            for (Path f : files.toList()) {
                Files.copy(f, recipe.resolve(f.getFileName()));
            }
        }
        originalNd = PromptProfiles.read(recipe.resolve(PromptProfiles.FILE_NAME)).profile().normalDescription();
        database = Database.openFile(temp.resolve("db"));
        store = new PromptProfileStore(database);
        explainer = Explainers.create(LlmSettings.defaults(), Map.of(), temp);
        view = new PromptsView(store, () -> recipe, () -> explainer, "qa-lee");
        Scene scene = new Scene(view, 1280, 800);
        scene.getStylesheets().add(KensaApp.class.getResource("kensa.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() {
        view.close();
        explainer.close();
        database.close();
    }

    @Test
    void savingAnEditAddsVersion2AndVersion1StillOpensUnchanged(FxRobot robot) throws Exception {
        FxWait.until(() -> view.name.getText().equals("bottle") && !view.save.isDisabled(), 30);
        robot.interact(() -> {
            view.normalDescription.requestFocus();
            view.normalDescription.end();
        });
        robot.write(" No label.");
        assertTrue(view.normalDescription.getText().endsWith("No label."));
        robot.clickOn(view.save);
        FxWait.until(() -> view.versions.getItems().size() == 2, 20);
        assertTrue(view.status.getText().contains("Saved bottle v2"), view.status.getText());
        assertEquals(2, view.versions.getItems().get(0).version(), "newest first");
        assertEquals("qa-lee", view.versions.getItems().get(0).author());
        assertTrue(PromptProfiles.read(recipe.resolve(PromptProfiles.FILE_NAME)).profile().normalDescription()
                .endsWith("No label."), "the recipe file holds v2, so the workstation does not bring v1 back");

        robot.clickOn(cell("v1 "));
        robot.clickOn("Open read-only");
        FxWait.until(() -> view.mode.getText().contains("v1 — read-only"), 30);
        assertEquals(originalNd, view.normalDescription.getText(), "version 1 is unchanged");
        assertFalse(view.normalDescription.isEditable());
        assertTrue(view.save.isDisabled(), "a stored version cannot be saved over");

        robot.interact(() -> view.versions.getSelectionModel().selectAll());
        robot.clickOn("Compare");
        FxWait.until(() -> !view.diff.getItems().isEmpty(), 30);
        assertTrue(view.diffTitle.getText().contains("bottle v1 → v2: 1 changed line(s)"), view.diffTitle.getText());
        assertTrue(view.diff.getItems().stream().anyMatch(l -> l.change() == ProfileDiff.Change.ADDED
                && l.text().endsWith("No label.")));

        robot.clickOn(view.backToDraft);
        FxWait.until(() -> view.mode.getText().startsWith("Editing"), 30);
        assertTrue(view.normalDescription.isEditable());
        assertEquals(2, store.versions("bottle").size());
    }

    @Test
    void duplicateClassNamesShowTheProblemAndCannotBeSaved(FxRobot robot) throws Exception {
        FxWait.until(() -> view.name.getText().equals("bottle") && !view.save.isDisabled(), 30);
        robot.doubleClickOn(cell("broken_small"));
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write("broken_large");
        robot.push(KeyCode.ENTER);
        FxWait.until(() -> view.classes.get(1).name.get().equals("broken_large"), 30);
        assertTrue(view.validation.getChildren().stream().map(n -> ((Label) n).getText())
                .anyMatch(t -> t.contains("'broken_large' is used twice")), "the validation message is shown inline");
        assertTrue(view.save.isDisabled());
        robot.interact(view::save);
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);
        assertTrue(store.versions("bottle").isEmpty(), "nothing was stored");

        robot.clickOn(view.removeClass);
        FxWait.until(() -> view.classes.size() == 2, 30);
        assertTrue(view.validation.getChildren().stream().map(n -> ((Label) n).getText())
                .anyMatch(t -> t.contains("offline rule names class 'broken_small'")), "rules must name existing classes");
    }

    @Test
    void triesTheDraftOnAnImageAndMeasuresItOnTheDemoSet(FxRobot robot) throws Exception {
        FxWait.until(() -> view.name.getText().equals("bottle"), 30);
        Path image = ShippedResources.demoBottle().resolve("test/contamination/000.png");
        robot.interact(() -> view.tryOn(image, PromptEvaluation.maskOf(image)));
        FxWait.until(() -> !view.tryClass.getText().isBlank(), 20);
        assertEquals("contamination", view.tryClass.getText());
        assertEquals("defect", view.trySeverity.getText());
        assertTrue(view.tryRationale.getText().contains("not an LLM"), view.tryRationale.getText());
        FxWait.until(() -> view.trySent.getChildren().size() == 4, 10); // 2 references, query, outlined query

        robot.interact(() -> view.measure(ShippedResources.demoBottle(), false));
        FxWait.until(() -> view.measureReport.getText().contains("macro accuracy"), 60);
        assertTrue(view.measureReport.getText().contains("macro accuracy    0.7927"), view.measureReport.getText());
        assertTrue(view.measureCancel.isDisabled());

        Path good = ShippedResources.demoBottle().resolve("train/good/000.png");
        robot.interact(() -> view.addReference(good));
        FxWait.until(() -> view.references.size() == 3, 30);
        assertTrue(Files.isRegularFile(recipe.resolve("000.png")), "copied into the recipe folder");
        assertTrue(view.addReference.isDisabled(), "at most 3 reference images");
        assertEquals(3, view.thumbnails.getChildren().size());
    }

    private static Node cell(String prefix) {
        return new FxRobot().lookup(n -> n instanceof ListCell<?> c && c.getText() != null && c.getText().startsWith(prefix)
                || n instanceof javafx.scene.control.TableCell<?, ?> t && prefix.equals(t.getText())).query();
    }
}
