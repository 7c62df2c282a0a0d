package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.config.ShippedResources;
import io.kensa.inspect.AnswerCache;
import io.kensa.inspect.DecisionLogs;
import io.kensa.inspect.PromptEvaluation;
import io.kensa.inspect.ReferenceSources;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explainers;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.ProfileDiff;
import io.kensa.llm.PromptProfiles;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import io.kensa.store.PromptProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The prompts view's controls, headless (Monocle), on a copy of the demo recipe, an H2 file database in a temp folder
 * and the offline explainer: the controls follow the view-model and the screen works end to end (edit, save, open
 * read-only, compare, an invalid edit in the table, try, measure, add a reference image). What the commands do is
 * tested on {@link PromptsViewModel} in {@code PromptsViewModelTest}.
 */
@ExtendWith(ApplicationExtension.class)
class PromptsViewTest {
    private Path recipe;
    private Path snapshots;
    private Database database;
    private PromptProfileStore store;
    private Explainer explainer;
    private PromptsView view;
    private String originalNd;

    private TestSignatures signatures;

    @Start
    void start(Stage stage) throws Exception {
        Path temp = Files.createTempDirectory("kensa-prompts-ui");
        snapshots = Files.createDirectories(temp.resolve("snapshots"));
        recipe = temp.resolve("recipes/bottle");
        Files.createDirectories(recipe);
        try (Stream<Path> files = Files.list(ShippedResources.resolve("recipes/bottle"))) {
            for (Path f : files.toList()) {
                Files.copy(f, recipe.resolve(f.getFileName()));
            }
        }
        originalNd = PromptProfiles.read(recipe.resolve(PromptProfiles.FILE_NAME)).profile().normalDescription();
        database = Database.openFile(temp.resolve("db"));
        store = new PromptProfileStore(database, temp);
        explainer = Explainers.create(LlmSettings.defaults(), Map.of(), temp);
        signatures = TestSignatures.signedIn(DecisionLogs.QA, r -> new Thread(r, "test-sign").start(), Platform::runLater);
        view = new PromptsView(store, () -> recipe, () -> explainer, signatures.vm, AnswerCache.in(temp),
                new ReferenceSources(snapshots, InspectionStore.openForReading(database, temp.resolve("images")),
                        () -> "bottle", () -> DecisionLogs.QA), Optional.empty());
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
        signatures.close();
    }

    @Test
    void editSaveOpenReadOnlyCompareAndBackToTheDraft(FxRobot robot) throws Exception {
        TextArea nd = node(robot, "#prompt-nd");
        Button save = node(robot, "#prompt-save");
        FxWait.until(() -> this.<TextField>node(robot, "#prompt-name").getText().equals("bottle") && !save.isDisabled(), 30);
        assertEquals("Editing a draft based on bottle v1", this.<Label>node(robot, "#prompt-mode").getText());
        robot.interact(() -> {
            nd.requestFocus();
            nd.end();
        });
        robot.write(" No label.");
        assertTrue(view.viewModel().normalDescription().get().endsWith("No label."), "typing edits the draft");
        FxWait.until(() -> !save.isDisabled(), 10); // the edited draft is checked again
        robot.clickOn(save);
        FxWait.until(() -> signatures.vm.asking().get(), 20);
        robot.interact(() -> signatures.sign(TestSignatures.PASSWORD)); // the signature screen has its own robot test
        ListView<?> versions = node(robot, "#prompt-versions");
        FxWait.until(() -> versions.getItems().size() == 2, 20);
        Label status = node(robot, "#prompt-status");
        assertTrue(status.getText().contains("Saved bottle v2"), status.getText());
        assertTrue(status.getStyleClass().contains("muted"));
        assertTrue(PromptProfiles.read(recipe.resolve(PromptProfiles.FILE_NAME)).profile().normalDescription()
                .endsWith("No label."), "the recipe file holds v2, so the workstation does not bring v1 back");

        FxWait.until(() -> cellPresent("v1 "), 10);
        robot.clickOn(cell("v1 "));
        robot.clickOn("Open read-only");
        Label mode = node(robot, "#prompt-mode");
        FxWait.until(() -> mode.getText().contains("v1 — read-only"), 30);
        assertTrue(mode.getStyleClass().contains("prompt-mode-readonly"));
        assertEquals(originalNd, nd.getText(), "version 1 is unchanged");
        assertFalse(nd.isEditable());
        assertTrue(save.isDisabled(), "a stored version cannot be saved over");
        assertTrue(this.<Button>node(robot, "#prompt-edit-from").isVisible());

        robot.interact(() -> versions.getSelectionModel().selectAll());
        robot.clickOn("Compare");
        ListView<ProfileDiff.Line> diff = node(robot, "#prompt-diff");
        FxWait.until(() -> !diff.getItems().isEmpty(), 30);
        assertTrue(this.<Label>node(robot, "#prompt-diff-title").getText().contains("bottle v1 → v2: 1 changed line(s)"));
        assertEquals(2, robot.lookup(".tab-pane").queryAllAs(TabPane.class).stream()
                .mapToInt(t -> t.getSelectionModel().getSelectedIndex()).max().orElse(-1), "the Compare tab is shown");
        assertTrue(robot.lookup(".prompt-diff-added").tryQuery().isPresent(), "an added line is marked");

        robot.clickOn(this.<Button>node(robot, "#prompt-back-to-draft"));
        FxWait.until(() -> mode.getText().startsWith("Editing"), 30);
        assertTrue(nd.isEditable());
        assertTrue(nd.getText().endsWith("No label."));
        assertEquals(2, store.versions("bottle").size());
    }

    @Test
    void aDuplicateClassNameTypedInTheTableIsShownAndBlocksSaving(FxRobot robot) throws Exception {
        Button save = node(robot, "#prompt-save");
        FxWait.until(() -> !save.isDisabled(), 30);
        robot.doubleClickOn(cell("broken_small"));
        robot.push(KeyCode.CONTROL, KeyCode.A);
        robot.write("broken_large");
        robot.push(KeyCode.ENTER);
        VBox validation = node(robot, "#prompt-validation");
        FxWait.until(() -> validation.getChildren().stream().map(n -> ((Label) n).getText())
                .anyMatch(t -> t.contains("'broken_large' is used twice")), 30);
        assertTrue(save.isDisabled());

        TableView<?> classes = node(robot, "#prompt-classes");
        robot.interact(() -> classes.getSelectionModel().select(1));
        TextArea definition = node(robot, "#prompt-definition");
        assertTrue(definition.getText().startsWith("A small chip"), "the selected class's definition is shown");
        robot.clickOn("Remove class");
        FxWait.until(() -> classes.getItems().size() == 2 && validation.getChildren().stream()
                .map(n -> ((Label) n).getText()).anyMatch(t -> t.contains("offline rule names class 'broken_small'")), 30);
    }

    @Test
    void triesMeasuresAndAddsAReferenceImage(FxRobot robot) throws Exception {
        FxWait.until(() -> this.<TextField>node(robot, "#prompt-name").getText().equals("bottle"), 30);
        Path image = ShippedResources.demoBottle().resolve("test/contamination/000.png");
        robot.interact(() -> view.viewModel().tryOn(image, PromptEvaluation.maskOf(image)));
        Label tryClass = node(robot, "#prompt-try-class");
        FxWait.until(() -> !tryClass.getText().isBlank(), 20);
        assertEquals("contamination", tryClass.getText());
        Label severity = node(robot, "#prompt-try-severity");
        assertEquals("defect", severity.getText());
        assertTrue(severity.getStyleClass().contains("severity-defect"));
        assertTrue(this.<TextArea>node(robot, "#prompt-try-rationale").getText().contains("not an LLM"));
        VBox sent = node(robot, "#prompt-preview-blocks");
        FxWait.until(() -> imageBlocks(sent) == 4, 10); // 2 references, query, outlined query

        robot.interact(() -> view.viewModel().measure(ShippedResources.demoBottle()));
        TextArea report = node(robot, "#prompt-measure-report");
        FxWait.until(() -> report.getText().contains("macro accuracy"), 60);
        assertTrue(report.getText().contains("macro accuracy    0.7927"), report.getText());
        assertTrue(this.<Button>node(robot, "#prompt-measure-cancel").isDisabled());

        Path good = ShippedResources.demoBottle().resolve("train/good/000.png");
        robot.interact(() -> view.viewModel().addReference(good));
        HBox thumbnails = node(robot, "#prompt-thumbnails");
        FxWait.until(() -> thumbnails.getChildren().size() == 3, 30);
        assertTrue(Files.isRegularFile(recipe.resolve("000.png")), "copied into the recipe folder");
        assertTrue(this.<Button>node(robot, "#prompt-add-reference").isDisabled(), "at most 3 reference images");
    }

    @Test
    void previewsTheRequestAndAddsAReferenceFromTheSnapshots(FxRobot robot) throws Exception {
        FxWait.until(() -> this.<TextField>node(robot, "#prompt-name").getText().equals("bottle"), 30);
        robot.clickOn("#prompt-preview-demo");
        VBox blocks = node(robot, "#prompt-preview-blocks");
        FxWait.until(() -> imageBlocks(blocks) == 4, 20);
        Label state = node(robot, "#prompt-preview-state");
        assertTrue(state.getText().startsWith("Preview for 000.png, nothing sent"), state.getText());

        for (String n : List.of("001", "002", "003")) {
            Files.copy(ShippedResources.demoBottle().resolve("test/good/" + n + ".png"), snapshots.resolve("snapshot-" + n + ".png"));
        }
        robot.interact(() -> this.<Button>node(robot, "#prompt-add-snapshot").fire()); // below the fold of the editor
        FlowPane tiles = node(robot, "#prompt-picker-tiles");
        FxWait.until(() -> tiles.getChildren().size() == 3, 20);
        assertTrue(this.<VBox>node(robot, "#prompt-reference-picker").isVisible());
        FxWait.until(() -> robot.from(tiles).lookup(".thumb").queryAllAs(ImageView.class).stream()
                .allMatch(v -> v.getImage().getProgress() >= 1), 20); // thumbnails load in the background
        if (System.getProperty("kensa.screenshot.prompts") != null) {
            robot.interact(() -> robot.lookup(".scroll-pane").queryAllAs(ScrollPane.class).forEach(p -> p.setVvalue(1)));
            robot.interact(() -> scrollTo(robot, node(robot, "#prompt-send-preview")));
        }
        Screenshots.saveIfAsked(robot, view, "kensa.screenshot.prompts");
        robot.interact(() -> robot.from(tiles).lookup(".button").queryButton().fire());
        HBox thumbnails = node(robot, "#prompt-thumbnails");
        FxWait.until(() -> thumbnails.getChildren().size() == 3, 20);
        assertTrue(view.viewModel().references().stream().anyMatch(r -> r.startsWith("snapshot-")
                && Files.isRegularFile(recipe.resolve(r))), "copied into the recipe folder: " + view.viewModel().references());
        assertFalse(this.<VBox>node(robot, "#prompt-reference-picker").isVisible(), "the picker closes");
        assertTrue(this.<Button>node(robot, "#prompt-add-snapshot").isDisabled(), "at most 3 reference images");
    }

    /** Scrolls the scroll pane holding {@code node} so that its top is at the top of the viewport (for the picture). */
    private static void scrollTo(FxRobot robot, Node node) {
        for (ScrollPane scroll : robot.lookup(".scroll-pane").queryAllAs(ScrollPane.class)) {
            Node content = scroll.getContent();
            for (Node n = node; n != null; n = n.getParent()) {
                if (n == content) {
                    double y = content.sceneToLocal(node.localToScene(0, 0)).getY();
                    double room = content.getBoundsInLocal().getHeight() - scroll.getViewportBounds().getHeight();
                    scroll.setVvalue(room <= 0 ? 0 : Math.min(1, y / room));
                    return;
                }
            }
        }
    }

    private static long imageBlocks(VBox blocks) {
        return new FxRobot().from(blocks).lookup(".thumb").queryAll().size();
    }

    @SuppressWarnings("unchecked")
    private <T extends Node> T node(FxRobot robot, String query) {
        return (T) robot.lookup(query).query();
    }

    private static Node cell(String prefix) {
        return new FxRobot().lookup(isCell(prefix)).query();
    }

    private static boolean cellPresent(String prefix) {
        return new FxRobot().lookup(isCell(prefix)).tryQuery().isPresent();
    }

    private static java.util.function.Predicate<Node> isCell(String prefix) {
        return n -> n instanceof ListCell<?> c && c.getText() != null && c.getText().startsWith(prefix)
                || n instanceof javafx.scene.control.TableCell<?, ?> t && prefix.equals(t.getText());
    }
}
