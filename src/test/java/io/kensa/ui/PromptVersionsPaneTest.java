package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kensa.inspect.DecisionLogs;
import io.kensa.inspect.MarkedSet;
import io.kensa.inspect.PromptComparison;
import io.kensa.llm.FakeChatServer;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.PromptProfile;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Prompts view's Versions tab, headless (Monocle), on the decision log of a {@link PromptMeasureFixture}: two
 * stored versions, the second with a hint in its classification strategy that the local HTTP server needs to answer
 * contamination/000 right, compared on the log's six decided images. The figures themselves are checked in
 * {@code PromptMeasureViewModelTest}. {@code -Dkensa.screenshot.versionsLog=FILE} saves the tab after the run.
 */
@ExtendWith(ApplicationExtension.class)
class PromptVersionsPaneTest {
    private static final String HINT = " Look inside the opening first.";
    private static final int CONTAMINATION = MarkedSet.IMAGES.indexOf("contamination/000");
    private PromptMeasureFixture fixture;
    private VBox pane;

    @Start
    void start(Stage stage) throws Exception {
        fixture = new PromptMeasureFixture(r -> MarkedSet.index(r) == CONTAMINATION && !MarkedSet.prompt(r).contains(HINT)
                ? MarkedSet.answer("broken_small") : MarkedSet.answer(MarkedSet.truth(MarkedSet.index(r))));
        pane = PromptMeasurePane.versions(fixture.vm);
        PromptMeasureFixture.show(stage, pane);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void comparesTwoStoredVersionsOnTheDecisionLogAndShowsTheChangedAnswer(FxRobot robot) throws Exception {
        PromptProfile p = fixture.draft.profile();
        fixture.workbench.save(fixture.draft, DecisionLogs.QA);
        fixture.workbench.save(new ProfileDocument(new PromptProfile(p.name(), 1, p.normalDescription(),
                p.anomalyClasses(), p.classificationStrategy() + HINT, p.referenceImages()), fixture.draft.offline()),
                DecisionLogs.QA);

        ChoiceBox<PromptMeasureViewModel.Source> source = robot.lookup("#prompt-compare-source").queryAs(ChoiceBox.class);
        Label count = robot.lookup("#prompt-compare-log-count").queryAs(Label.class);
        robot.interact(() -> source.setValue(PromptMeasureViewModel.Source.LOG));
        FxWait.until(() -> count.getText().equals("6 decided inspections, 6 to measure."), 20);
        robot.clickOn("#prompt-compare-first").write("1");
        robot.clickOn("#prompt-compare-second").write("2");
        robot.clickOn(robot.lookup("#prompt-compare-run").queryAs(Button.class));

        Label state = robot.lookup("#prompt-compare-state").queryAs(Label.class);
        FxWait.until(() -> state.getText().startsWith("Compared v1 and v2"), 60);
        assertEquals("Compared v1 and v2 on 6 images: 1 answers changed", state.getText());
        assertEquals(12, fixture.server.received().size(), "each version asked once per decided image");
        TableView<PromptMeasureViewModel.FigureRow> deltas = robot.lookup("#prompt-compare-deltas").queryAs(TableView.class);
        PromptMeasureViewModel.FigureRow accuracy = deltas.getItems().get(0);
        // contamination recall 1/2 → 2/2, the other two classes right in both: (1 + 1 + 1/2) / 3 → 1
        assertEquals(List.of("macro accuracy", "0.8333", "1.0000", "+0.1667"),
                List.of(accuracy.figure(), accuracy.before(), accuracy.after(), accuracy.delta()));
        TableView<PromptComparison.Change> changed = robot.lookup("#prompt-compare-changed").queryAs(TableView.class);
        assertEquals(1, changed.getItems().size());
        PromptComparison.Change c = changed.getItems().get(0);
        assertEquals(List.of("contamination", "broken_small", "contamination"), List.of(c.truth(), c.before(), c.after()));
        assertEquals("fixed", changed.getColumns().get(4).getCellData(0));
        Screenshots.saveIfAsked(robot, pane, "kensa.screenshot.versionsLog");
    }
}
