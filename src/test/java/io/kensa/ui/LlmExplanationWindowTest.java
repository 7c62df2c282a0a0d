package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.kensa.config.KensaHome;
import io.kensa.config.Settings;
import io.kensa.config.ShippedResources;
import io.kensa.inspect.Workstation;
import io.kensa.llm.FakeChatServer;
import io.kensa.model.Decision;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.store.InspectionStore;
import io.kensa.store.ReviewQueries;
import io.kensa.store.StoredExplanation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The whole path with an LLM: real detector on real defect images, a real OpenAI-compatible HTTP server on 127.0.0.1
 * streaming its answer, the case pane showing it, and the inspector's accept stored with the explanation it saw.
 */
@ExtendWith(ApplicationExtension.class)
class LlmExplanationWindowTest {
    private static final String ANSWER = "{\"class\":\"broken_large\",\"severity\":\"defect\",\"confidence\":0.9,"
            + "\"rationale\":\"A wide piece of the rim is missing at the lower left. Glass shards shine in the gap.\","
            + "\"evidence\":\"lower-left rim inside the red outline\"}";
    private static FakeChatServer server;
    private static Workstation workstation;
    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        server = new FakeChatServer().then(FakeChatServer.Reply.stream(ANSWER), FakeChatServer.Reply.stream(ANSWER));
        KensaHome home = KensaHome.resolve(); // the surefire data folder: the demo model is trained once per build
        TestWindows.clear(home.database());
        Path replay = Files.createTempDirectory("kensa-llm-replay");
        Files.copy(ShippedResources.demoBottle().resolve("test/broken_large/003.png"), replay.resolve("003.png"));
        Settings settings = Settings.empty().with(Settings.STATION, "llm-station")
                .with(Settings.SOURCE, "folder:" + replay + "?fps=2")
                .with(Settings.LLM_BASE_URL, server.baseUrl()).with(Settings.LLM_MODEL, "test-vlm");
        TestWindows shown = TestWindows.show(stage, home, settings, new Operator("a1", "Ann Example", Role.INSPECTOR));
        workstation = shown.workstation();
        window = shown.window();
    }

    private javafx.scene.control.Label label(String selector) {
        return (javafx.scene.control.Label) window.root().lookup(selector);
    }

    @AfterAll
    static void close() {
        if (workstation != null) {
            workstation.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void flaggedFrameIsExplainedByTheLlmAndTheAcceptRecordsWhatTheInspectorSaw(FxRobot robot) throws Exception {
        robot.push(KeyCode.F5);
        FxWait.until(() -> label("#case-explainer").getText().startsWith("LLM test-vlm"), 240);
        assertEquals("broken_large", label("#case-class").getText());
        assertEquals("DEFECT", label("#case-severity").getText());
        assertTrue(label("#case-rationale").getText().startsWith("A wide piece of the rim is missing"), label("#case-rationale").getText());
        assertTrue(label("#case-explainer").getText().contains("profile bottle v"), label("#case-explainer").getText());

        JsonNode request = server.received().get(0).body();
        assertEquals(0.0, request.path("temperature").asDouble(-1), "temperature 0");
        assertTrue(request.path("stream").asBoolean(), "streamed");
        long images = Stream.of(request.path("messages").findValues("image_url").toArray(new JsonNode[0])).count();
        assertTrue(images >= 3, "reference(s), query and outlined query sent: " + images);

        robot.push(KeyCode.ENTER);
        FxWait.until(() -> label("#save-state").getText().contains("saved (decision"), 30);
        Decision accepted = TestWindows.decisionLog(workstation.store()).get(0);
        assertEquals("broken_large", accepted.finalClass());
        assertTrue(accepted.shownExplanation().isPresent(), "the decision names the explanation on screen");
        List<StoredExplanation> stored = workstation.store().explanations(accepted.inspectionId());
        assertEquals(ExplanationStatus.ANSWERED, stored.get(0).explanation().status());
        assertEquals("test-vlm", stored.get(0).explanation().model());
        assertFalse(stored.get(0).explanation().rawResponse().isEmpty(), "raw response kept for audit");
    }

    /** Every decision row on decided inspections, newest first, through the supervisor's query. */
}
