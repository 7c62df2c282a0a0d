package io.kensa.inspect;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kensa.config.ShippedResources;
import io.kensa.detect.Progress;
import io.kensa.llm.Explainer;
import io.kensa.llm.Explainers;
import io.kensa.llm.FakeChatServer;
import io.kensa.llm.LlmSettings;
import io.kensa.llm.AnomalyClass;
import io.kensa.llm.LoadedProfile;
import io.kensa.llm.PromptProfile;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromptEvaluationTest {
    private static final Path BOTTLE = ShippedResources.demoBottle();

    @TempDir
    Path home;

    private static PromptEvaluation.Outcome outcome(String truth, String answer, ExplanationStatus status, long latencyMs) {
        Optional<Severity> severity = answer.startsWith("(") ? Optional.empty() : Optional.of(Severity.DEFECT);
        Optional<Severity> group = answer.startsWith("(") ? Optional.empty() : Optional.of(Severity.DEFECT);
        return new PromptEvaluation.Outcome(Path.of(truth + ".png"), truth, answer, status, Severity.DEFECT, group, severity,
                latencyMs, 100, 10, false);
    }

    @Test
    void metricsMatchAHandComputedConfusionMatrix() {
        // truth a a a b b c; answers a a b b (invalid) c
        List<PromptEvaluation.Outcome> outcomes = List.of(
                outcome("a", "a", ExplanationStatus.ANSWERED, 10),
                outcome("a", "a", ExplanationStatus.ANSWERED, 20),
                outcome("a", "b", ExplanationStatus.ANSWERED, 30),
                outcome("b", "b", ExplanationStatus.ANSWERED, 40),
                outcome("b", PromptEvaluation.NO_ANSWER, ExplanationStatus.INVALID_ANSWER, 50),
                outcome("c", "c", ExplanationStatus.ANSWERED, 60));
        PromptEvaluation.Report r = PromptEvaluation.score("p", 3, Optional.empty(), "test", outcomes, 1.0);

        assertEquals(List.of("a", "b", "c"), r.confusion().truths());
        assertEquals(List.of("a", "b", "c", PromptEvaluation.NO_ANSWER), r.confusion().answers());
        assertEquals(1, r.confusion().count("a", "b"));
        assertEquals(1, r.confusion().count("b", PromptEvaluation.NO_ANSWER));
        PromptEvaluation.ClassScore a = r.classes().get(0);
        PromptEvaluation.ClassScore b = r.classes().get(1);
        assertEquals(3, a.support());
        assertEquals(1.0, a.precision(), 1e-12);
        assertEquals(2 / 3.0, a.recall(), 1e-12);
        assertEquals(0.8, a.f1(), 1e-12);
        assertEquals(0.5, b.precision(), 1e-12);
        assertEquals(0.5, b.recall(), 1e-12);
        assertEquals(4 / 6.0, r.accuracy(), 1e-12);
        assertEquals((2 / 3.0 + 0.5 + 1) / 3, r.macroAccuracy(), 1e-12);
        assertEquals((0.8 + 0.5 + 1) / 3, r.macroF1(), 1e-12);
        // po = 4/6, pe = (3·2 + 2·2 + 1·1 + 0·1)/36 = 11/36 → kappa = 13/25
        assertEquals(13 / 25.0, r.kappa().getAsDouble(), 1e-12);
        assertEquals(1, r.invalidAnswers());
        assertEquals(0, r.failures());
        assertEquals(5 / 6.0, r.severityAgreement(), 1e-12);
        assertEquals(600, r.promptTokens());
        assertEquals(35, r.latencyMeanMs());
        assertEquals(30, r.latencyP50Ms());
        assertEquals(60, r.latencyP95Ms());
        assertTrue(r.toText().contains("macro F1          0.7667"), r.toText());
    }

    @Test
    void threeClassAccuracyGroupsClassesByTheirUsualSeverity() {
        PromptProfile profile = new PromptProfile("p", 1, "good part", List.of(
                new AnomalyClass("crack", "a crack", "", Severity.DEFECT),
                new AnomalyClass("hole", "a hole", "", Severity.DEFECT),
                new AnomalyClass("scuff", "a scuff", "", Severity.MINOR)), "look", List.of());
        assertEquals(Severity.NORMAL, PromptEvaluation.group(profile, PromptEvaluation.NORMAL));
        assertEquals(Severity.MINOR, PromptEvaluation.group(profile, "scuff"));
        // truth → answer: crack→hole (same group: defect), crack→scuff (minor: wrong), scuff→scuff, scuff→normal (wrong),
        // normal→normal, hole→(no answer) (never right)
        String[][] pairs = {{"crack", "hole"}, {"crack", "scuff"}, {"scuff", "scuff"}, {"scuff", "normal"},
                {"normal", "normal"}, {"hole", PromptEvaluation.NO_ANSWER}};
        List<PromptEvaluation.Outcome> outcomes = new ArrayList<>();
        for (String[] pair : pairs) {
            boolean answered = !pair[1].startsWith("(");
            PromptEvaluation.Sample sample = new PromptEvaluation.Sample(Path.of(pair[0] + ".png"), pair[0], Optional.empty());
            outcomes.add(PromptEvaluation.outcome(sample, profile, new AnswerCache.Entry(pair[1],
                    answered ? ExplanationStatus.ANSWERED : ExplanationStatus.INVALID_ANSWER,
                    answered ? Optional.of(Severity.DEFECT) : Optional.empty(), 5, 0, 0), false));
        }
        PromptEvaluation.Report r = PromptEvaluation.score("p", 1, Optional.empty(), "t", outcomes, 0);
        assertEquals(3 / 6.0, r.threeClassAccuracy(), 1e-12);
        // per class recall: crack 0/2, scuff 1/2, normal 1/1, hole 0/1
        assertEquals((0 + 0.5 + 1 + 0) / 4, r.macroAccuracy(), 1e-12);
        assertTrue(r.toText().contains("3-class accuracy  0.5000"), r.toText());
    }

    @Test
    void perfectAnswersGiveKappaOneAndChanceAnswersKappaZero() {
        PromptEvaluation.Report perfect = PromptEvaluation.score("p", 1, Optional.empty(), "t", List.of(
                outcome("a", "a", ExplanationStatus.ANSWERED, 1), outcome("b", "b", ExplanationStatus.ANSWERED, 1)), 0);
        assertEquals(1.0, perfect.kappa().getAsDouble(), 1e-12);
        assertEquals(1.0, perfect.macroF1(), 1e-12);
        // always answering "a" on a balanced set: agreement is exactly what chance gives
        PromptEvaluation.Report constant = PromptEvaluation.score("p", 1, Optional.empty(), "t", List.of(
                outcome("a", "a", ExplanationStatus.ANSWERED, 1), outcome("b", "a", ExplanationStatus.ANSWERED, 1)), 0);
        assertEquals(0.0, constant.kappa().getAsDouble(), 1e-12);
        assertEquals(0.5, constant.macroAccuracy(), 1e-12);
        // one class on both sides: chance agreement is 1 and kappa is undefined, not a number
        PromptEvaluation.Report single = PromptEvaluation.score("p", 1, Optional.empty(), "t", List.of(
                outcome("a", "a", ExplanationStatus.ANSWERED, 1)), 0);
        assertTrue(single.kappa().isEmpty());
        assertTrue(single.toText().contains("Cohen's kappa     n/a"));
    }

    @Test
    void offlineExplainerOnTheDemoBottleSetGivesConsistentNumbers() throws Exception {
        LoadedProfile profile = LoadedProfile.fromRecipeFolder(ShippedResources.resolve("recipes/bottle"));
        List<PromptEvaluation.Sample> samples = PromptEvaluation.samples(BOTTLE, profile.profile(), false);
        assertEquals(63, samples.size(), "20 broken_large + 22 broken_small + 21 contamination");
        List<Double> fractions = new ArrayList<>();
        PromptEvaluation.Report r;
        try (Explainer offline = Explainers.create(LlmSettings.defaults(), Map.of(), home)) {
            r = PromptEvaluation.run(offline, profile, samples, (f, m) -> fractions.add(f), () -> false);
        }
        assertEquals(1.0, fractions.get(fractions.size() - 1));
        assertEquals(63, r.images());
        assertEquals(63, r.confusion().total());
        // the ceiling docs/llm.md states for the bottle rules on ground-truth masks
        assertEquals(17, r.confusion().count("broken_large", "broken_large"));
        assertEquals(20, r.confusion().count("broken_small", "broken_small"));
        assertEquals(13, r.confusion().count("contamination", "contamination"));

        // recompute every summary number from the confusion matrix alone
        PromptEvaluation.Confusion c = r.confusion();
        double macroAccuracy = 0;
        double diagonal = 0;
        double chance = 0;
        for (String t : c.truths()) {
            int row = c.answers().stream().mapToInt(a -> c.count(t, a)).sum();
            int column = c.truths().stream().mapToInt(x -> c.count(x, t)).sum();
            macroAccuracy += c.count(t, t) / (double) row;
            diagonal += c.count(t, t);
            chance += row * (double) column / (63.0 * 63.0);
        }
        macroAccuracy /= c.truths().size();
        assertEquals(macroAccuracy, r.macroAccuracy(), 1e-12);
        assertEquals(50 / 63.0, r.accuracy(), 1e-12);
        assertEquals((diagonal / 63 - chance) / (1 - chance), r.kappa().getAsDouble(), 1e-12);
        double f1Mean = r.classes().stream().mapToDouble(PromptEvaluation.ClassScore::f1).average().orElseThrow();
        assertEquals(f1Mean, r.macroF1(), 1e-12);
        assertEquals(0, r.invalidAnswers());
        assertEquals(0, r.promptTokens(), "the offline explainer uses no tokens");

        JsonNode json = new ObjectMapper().readTree(r.toJson());
        assertEquals(63, json.path("outcomes").size());
        assertEquals(r.kappa().getAsDouble(), json.path("kappa").asDouble(), 1e-12);
        System.out.println(r.toText());
    }

    @Test
    void goodImagesCountAsNormalWhenIncluded() throws Exception {
        LoadedProfile profile = LoadedProfile.fromRecipeFolder(ShippedResources.resolve("recipes/bottle"));
        List<PromptEvaluation.Sample> good = PromptEvaluation.samples(BOTTLE, profile.profile(), true).stream()
                .filter(s -> s.truth().equals(PromptEvaluation.NORMAL)).limit(3).toList();
        assertEquals(3, good.size());
        try (Explainer offline = Explainers.create(LlmSettings.defaults(), Map.of(), home)) {
            PromptEvaluation.Report r = PromptEvaluation.run(offline, profile, good, Progress.NONE, () -> false);
            assertEquals(3, r.confusion().count("normal", "normal"), "no mask, nothing outlined: the answer is normal");
            assertEquals(1.0, r.severityAgreement());
        }
    }

    @Test
    void cancellingStopsBeforeTheNextImage() throws Exception {
        LoadedProfile profile = LoadedProfile.fromRecipeFolder(ShippedResources.resolve("recipes/bottle"));
        List<PromptEvaluation.Sample> samples = PromptEvaluation.samples(BOTTLE, profile.profile(), false);
        AtomicInteger started = new AtomicInteger();
        try (Explainer offline = Explainers.create(LlmSettings.defaults(), Map.of(), home)) {
            assertThrows(CancellationException.class, () -> PromptEvaluation.run(offline, profile, samples,
                    (f, m) -> started.incrementAndGet(), () -> started.get() >= 3));
        }
        assertEquals(3, started.get(), "no image is started after the cancel");
    }

    @Test
    void rejectsAFolderThatIsNotAClassOfTheProfile() throws Exception {
        LoadedProfile profile = LoadedProfile.fromRecipeFolder(ShippedResources.resolve("recipes/bottle"));
        Path data = home.resolve("data");
        Files.createDirectories(data.resolve("test/scratch"));
        Files.copy(BOTTLE.resolve("test/broken_large/000.png"), data.resolve("test/scratch/000.png"));
        PromptEvaluationException e = assertThrows(PromptEvaluationException.class,
                () -> PromptEvaluation.samples(data, profile.profile(), false));
        assertTrue(e.getMessage().contains("scratch") && e.getMessage().contains("broken_large, broken_small, contamination"),
                e.getMessage());

        Files.move(data.resolve("test/scratch"), data.resolve("test/broken_large"));
        e = assertThrows(PromptEvaluationException.class, () -> PromptEvaluation.samples(data, profile.profile(), false));
        assertTrue(e.getMessage().contains("000_mask.png"), e.getMessage());
    }

    @Test
    void countsInvalidAnswersAndTokensFromARealHttpServer() throws Exception {
        LoadedProfile profile = LoadedProfile.fromRecipeFolder(ShippedResources.resolve("recipes/bottle"));
        List<PromptEvaluation.Sample> samples = PromptEvaluation.samples(BOTTLE, profile.profile(), false).stream()
                .filter(s -> s.truth().equals("broken_large")).limit(3).toList();
        String answer = "{\"class\":\"%s\",\"severity\":\"defect\",\"confidence\":0.8,\"rationale\":\"The rim is broken. "
                + "Glass is missing.\",\"evidence\":\"rim\"}";
        try (FakeChatServer server = new FakeChatServer()) {
            server.then(FakeChatServer.Reply.stream(answer.formatted("broken_large")),
                    FakeChatServer.Reply.stream("{\"class\": \"broken_large\", \"severity\": "),
                    FakeChatServer.Reply.stream(answer.formatted("broken_small")));
            LlmSettings settings = LlmSettings.defaults().withEndpoint(server.baseUrl(), "test-vision")
                    .withLimits(Duration.ofSeconds(10), 0, Duration.ofSeconds(1), new LlmSettings.Budget(100, 0, 0, 0, 0));
            try (Explainer llm = Explainers.create(settings, Map.of(), home)) {
                PromptEvaluation.Report r = PromptEvaluation.run(llm, profile, samples, Progress.NONE, () -> false);
                assertEquals(3, server.received().size());
                assertEquals(1, r.invalidAnswers());
                assertEquals(1, r.confusion().count("broken_large", "broken_large"));
                assertEquals(1, r.confusion().count("broken_large", "broken_small"));
                assertEquals(1, r.confusion().count("broken_large", PromptEvaluation.NO_ANSWER));
                assertTrue(r.promptTokens() >= 2 * 1234, "usage of the streamed answers is summed: " + r.promptTokens());
                assertTrue(r.latencyP95Ms() > 0);
            }
        }
    }
}
