package io.kensa.inspect;

import static org.junit.jupiter.api.Assertions.*;

import io.kensa.config.ShippedResources;
import io.kensa.detect.Progress;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explainers;
import io.kensa.llm.FakeChatServer;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.LoadedProfile;
import io.kensa.model.DecisionInput;
import io.kensa.model.InspectionId;
import io.kensa.model.Operator;
import io.kensa.model.Role;
import io.kensa.model.Severity;
import io.kensa.store.Database;
import io.kensa.store.InspectionStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --from-log}: the decision log as a labelled set, on a real H2 file database and a local HTTP server. */
class LogSamplesTest {
    private static final Operator LEE = new Operator("q.lee", "Quinn Lee", Role.INSPECTOR);
    private static final Instant DAY = Instant.parse("2026-11-02T10:00:00Z");

    @TempDir
    Path temp;

    @Test
    void parsesTheFilterAndExplainsWhatIsWrongWithABadOne() {
        LogSamples.Filter f = LogSamples.Filter.parse("recipe=bottle, from=2026-11-01,to=2026-11-30,class=contamination",
                ZoneOffset.ofHours(9));
        assertEquals(Optional.of("bottle"), f.recipe());
        assertEquals(Instant.parse("2026-10-31T15:00:00Z"), f.from(), "a day starts at midnight in the station's zone");
        assertEquals(Instant.parse("2026-11-30T15:00:00Z"), f.to(), "the last day is included");
        assertEquals(Optional.of("contamination"), f.finalClass());
        assertEquals(Instant.parse("2026-11-01T06:00:00Z"),
                LogSamples.Filter.parse("to=2026-11-01T06:00:00Z", ZoneOffset.UTC).to(), "an instant is taken as is");
        LogSamples.Filter all = LogSamples.Filter.parse("all", ZoneOffset.UTC);
        assertTrue(all.recipe().isEmpty() && all.finalClass().isEmpty() && all.from().equals(Instant.EPOCH));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LogSamples.Filter.parse("recipe=bottle,operator=lee", ZoneOffset.UTC));
        assertTrue(e.getMessage().contains("'operator' is not a log filter key"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LogSamples.Filter.parse("from=yesterday", ZoneOffset.UTC));
        assertTrue(e.getMessage().contains("'yesterday' in the log filter is not a day"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LogSamples.Filter.parse("from=2026-11-05,to=2026-11-01", ZoneOffset.UTC));
        assertTrue(e.getMessage().contains("is not before its to"), e.getMessage());
    }

    @Test
    void decidedInspectionsBecomeTheLabelledSetWithTheInspectorsClassAndTheRecordedMap() throws Exception {
        Path set = MarkedSet.create(temp.resolve("set"));
        LoadedProfile profile = LoadedProfile.fromRecipeFolder(ShippedResources.resolve("recipes/bottle"));
        try (Database db = Database.openFile(temp.resolve("db"));
             InspectionStore store = InspectionStore.open(db, temp.resolve("images"), "station-A",
                     InspectionStore.Durability.PROCESS_CRASH, Clock.fixed(DAY, ZoneOffset.UTC))) {
            List<InspectionId> ids = new ArrayList<>();
            for (int i = 0; i < MarkedSet.IMAGES.size(); i++) {
                ids.add(MarkedSet.record(store, set, i, DAY));
            }
            // the inspector agrees with broken_large/000, corrects broken_large/001 to broken_small (so its truth is
            // broken_small), says normal for broken_small/000, undoes the decision on broken_small/001, names a
            // class the profile does not have for contamination/000 and leaves contamination/001 undecided
            store.recordDecision(ids.get(0), DecisionInput.accept("broken_large", Severity.DEFECT, LEE, Optional.empty()));
            store.recordDecision(ids.get(1), DecisionInput.override("broken_small", Severity.DEFECT, "", LEE, Optional.empty()));
            store.recordDecision(ids.get(2), DecisionInput.override("normal", Severity.NORMAL, "", LEE, Optional.empty()));
            store.undo(store.recordDecision(ids.get(3), DecisionInput.accept("broken_small", Severity.DEFECT, LEE,
                    Optional.empty())).id(), LEE);
            store.recordDecision(ids.get(4), DecisionInput.override("label_missing", Severity.DEFECT, "", LEE, Optional.empty()));

            LogSamples.LogSet log = LogSamples.read(store, LogSamples.Filter.parse("from=2026-11-02,to=2026-11-02",
                    ZoneOffset.UTC), "bottle", profile.profile());
            assertEquals(List.of("broken_large", "broken_small", "normal"),
                    log.samples().stream().map(PromptEvaluation.Sample::truth).toList());
            assertEquals("4 decided inspections, 3 used; 1 skipped: final class not in the profile", log.summary());
            assertTrue(log.samples().get(0).detection().orElseThrow().anomalous(), "the detector's recorded verdict");

            try (FakeChatServer server = new FakeChatServer().answering(r -> MarkedSet.answer(
                    MarkedSet.truth(MarkedSet.index(r))));
                 Explainer llm = Explainers.create(LlmSettings.defaults().withEndpoint(server.baseUrl(), "test-vision")
                         .withLimits(Duration.ofSeconds(10), 0, Duration.ofSeconds(1),
                                 new LlmSettings.Budget(100, 0, 0, 0, 0)), Map.of(), temp.resolve("home"))) {
                PromptEvaluation.Report r = PromptEvaluation.run(llm, profile, log.samples(), Optional.empty(),
                        AnswerCache.in(temp.resolve("home")), Progress.NONE, () -> false);
                assertEquals(List.of(0, 1, 2), server.received().stream().map(MarkedSet::index).toList(),
                        "the stored images are sent (their marks survive storage)");
                assertEquals(1, r.confusion().count("broken_large", "broken_large"));
                assertEquals(1, r.confusion().count("broken_small", "broken_large"), "scored against the inspector");
                assertEquals(1, r.confusion().count("normal", "broken_small"));
                assertEquals(5, MarkedSet.partsSent(server.received().get(0)).size(), "the whole prompt");
            }

            PromptEvaluationException none = assertThrows(PromptEvaluationException.class, () -> LogSamples.read(store,
                    LogSamples.Filter.parse("from=2026-11-03", ZoneId.of("UTC")), "bottle", profile.profile()));
            assertTrue(none.getMessage().contains("has no usable decided image"), none.getMessage());
        }
    }
}
