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
import io.kensa.llm.LoadedProfile;
import io.kensa.llm.ProfileDocument;
import io.kensa.llm.PromptPart;
import io.kensa.llm.PromptProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ablation, comparison and the answer cache against a real local HTTP server that answers per image: it reads the
 * image's mark from the query it receives and answers by a fixed rule of what the request carried.
 */
class PromptAblationTest {
    private static final List<PromptPart> ALL = List.of(PromptPart.RI, PromptPart.VP, PromptPart.ND, PromptPart.AD,
            PromptPart.CS);

    @TempDir
    Path temp;

    /**
     * The whole prompt: every image right. Without AD: always broken_small. Without RI: image 0 wrong (broken_small).
     * Without VP: image 5 off-schema. Without ND or CS: every image right.
     */
    private static FakeChatServer.Reply byParts(FakeChatServer.Received r) {
        int index = MarkedSet.index(r);
        EnumSet<PromptPart> sent = EnumSet.copyOf(MarkedSet.partsSent(r));
        if (!sent.contains(PromptPart.AD)) {
            return MarkedSet.answer("broken_small");
        }
        if (!sent.contains(PromptPart.RI) && index == 0) {
            return MarkedSet.answer("broken_small");
        }
        if (!sent.contains(PromptPart.VP) && index == 5) {
            return FakeChatServer.Reply.stream("not json at all");
        }
        return MarkedSet.answer(MarkedSet.truth(index));
    }

    private Explainer explainer(FakeChatServer server) throws Exception {
        LlmSettings settings = LlmSettings.defaults().withEndpoint(server.baseUrl(), "test-vision")
                .withLimits(Duration.ofSeconds(10), 0, Duration.ofSeconds(1), new LlmSettings.Budget(1000, 0, 0, 0, 0));
        return Explainers.create(settings, Map.of(), temp.resolve("home"));
    }

    /** An ablation of every part, through a new explainer (so its in-memory request cache cannot answer). */
    private PromptAblation ablate(FakeChatServer server, LoadedProfile profile, List<PromptEvaluation.Sample> samples,
                                  AnswerCache cache) throws Exception {
        try (Explainer llm = explainer(server)) {
            return PromptAblation.run(llm, profile, samples, ALL, cache, Progress.NONE, () -> false);
        }
    }

    private PromptEvaluation.Report evaluate(FakeChatServer server, LoadedProfile profile,
                                             List<PromptEvaluation.Sample> samples, AnswerCache cache) throws Exception {
        try (Explainer llm = explainer(server)) {
            return PromptEvaluation.run(llm, profile, samples, Optional.empty(), cache, Progress.NONE, () -> false);
        }
    }

    private static LoadedProfile bottle() throws Exception {
        return LoadedProfile.fromRecipeFolder(ShippedResources.resolve("recipes/bottle"));
    }

    @Test
    void eachAblationLeavesOutExactlyItsPartAndTheTableShowsWhatEachIsWorth() throws Exception {
        LoadedProfile profile = bottle();
        List<PromptEvaluation.Sample> samples = PromptEvaluation.samples(MarkedSet.create(temp.resolve("set")),
                profile.profile(), false);
        assertEquals(6, samples.size());
        AnswerCache cache = AnswerCache.in(temp.resolve("home"));
        PromptAblation a;
        try (FakeChatServer server = new FakeChatServer().answering(PromptAblationTest::byParts)) {
            a = ablate(server, profile, samples, cache);

            List<FakeChatServer.Received> received = server.received();
            assertEquals(36, received.size(), "six runs of six images");
            for (int i = 0; i < 6; i++) {
                assertEquals(EnumSet.allOf(PromptPart.class), MarkedSet.partsSent(received.get(i)), "full run, image " + i);
                assertEquals(4, MarkedSet.imageCount(received.get(i)), "two references, query, outlined query");
            }
            for (int run = 0; run < ALL.size(); run++) {
                PromptPart part = ALL.get(run);
                EnumSet<PromptPart> expected = EnumSet.allOf(PromptPart.class);
                expected.remove(part);
                for (int i = 0; i < 6; i++) {
                    FakeChatServer.Received r = received.get(6 * (run + 1) + i);
                    assertEquals(expected, MarkedSet.partsSent(r), "without " + part + ", image " + i);
                    assertEquals(i, MarkedSet.index(r), "the images go in the order of the set");
                }
            }
            FakeChatServer.Received noRi = received.get(6);
            FakeChatServer.Received noVp = received.get(12);
            assertEquals(2, MarkedSet.imageCount(noRi), "no reference image: the query and its outlined copy");
            assertTrue(MarkedSet.prompt(noRi).startsWith("You see the query image, then the same query image"),
                    MarkedSet.prompt(noRi));
            assertEquals(3, MarkedSet.imageCount(noVp), "two references and the clean query, no outlined copy");
            assertTrue(MarkedSet.prompt(noVp).startsWith("You see 2 reference images of a normal part, then the query image."
                    + " Decide"), MarkedSet.prompt(noVp));
            String noNd = MarkedSet.prompt(received.get(18));
            String noAd = MarkedSet.prompt(received.get(24));
            String noCs = MarkedSet.prompt(received.get(30));
            assertFalse(noNd.contains(profile.profile().normalDescription()));
            assertFalse(noAd.contains(profile.profile().anomalyClasses().get(0).definition()));
            assertTrue(noAd.contains("class (one of broken_large, broken_small, contamination, normal)"),
                    "without AD the answer format still names the classes: " + noAd);
            assertFalse(noCs.contains(profile.profile().classificationStrategy()));
            assertTrue(MarkedSet.prompt(received.get(0)).contains(profile.profile().classificationStrategy()));

            // a rerun with a new explainer (no in-memory cache) answers every image from the data folder's cache
            PromptAblation again = ablate(server, profile, samples, cache);
            assertEquals(36, server.received().size(), "nothing is asked again");
            assertEquals(6, again.full().cacheHits());
            assertEquals(a.without().get(PromptPart.VP).kappa(), again.without().get(PromptPart.VP).kappa());
            assertEquals(1, again.without().get(PromptPart.VP).invalidAnswers(), "an off-schema answer is kept too");
        }

        PromptEvaluation.Report full = a.full();
        assertEquals(1.0, full.macroAccuracy(), 1e-12);
        assertEquals(1.0, full.kappa().getAsDouble(), 1e-12);
        PromptEvaluation.Report noRi = a.without().get(PromptPart.RI);
        // broken_large 1/2 right, broken_small 2/2 (3 answered), contamination 2/2
        assertEquals(5 / 6.0, noRi.macroAccuracy(), 1e-12);
        assertEquals((2 / 3.0 + 0.8 + 1) / 3, noRi.macroF1(), 1e-12);
        // po = 5/6, pe = (2·1 + 2·3 + 2·2)/36 = 1/3
        assertEquals(0.75, noRi.kappa().getAsDouble(), 1e-12);
        PromptEvaluation.Report noVp = a.without().get(PromptPart.VP);
        assertEquals(1, noVp.invalidAnswers());
        assertEquals(5 / 6.0, noVp.macroAccuracy(), 1e-12);
        assertEquals((1 + 1 + 2 / 3.0) / 3, noVp.macroF1(), 1e-12);
        // columns bl 2, bs 2, c 1, (no answer) 1: po = 30/36, pe = 10/36
        assertEquals(10 / 13.0, noVp.kappa().getAsDouble(), 1e-12);
        assertEquals(5 / 6.0, noVp.threeClassAccuracy(), 1e-12, "the off-schema answer has no class, so no group");
        PromptEvaluation.Report noAd = a.without().get(PromptPart.AD);
        assertEquals(1 / 3.0, noAd.macroAccuracy(), 1e-12);
        assertEquals(0.5 / 3, noAd.macroF1(), 1e-12);
        assertEquals(0.0, noAd.kappa().getAsDouble(), 1e-12);
        assertEquals(1.0, noAd.threeClassAccuracy(), 1e-12, "every bottle class is a defect: wrong class, right group");
        assertEquals(1.0, a.without().get(PromptPart.ND).macroAccuracy(), 1e-12);
        assertEquals(1.0, a.without().get(PromptPart.CS).macroAccuracy(), 1e-12);

        String table = a.toText();
        assertEquals(List.of("0.3333", "-0.6667", "0.1667", "0.0000", "1.0000", "0"),
                figures(table, "without AD (anomaly descriptions)"), table);
        assertEquals(List.of("0.8333", "-0.1667", "0.8889", "0.7692", "0.8333", "1"),
                figures(table, "without VP (red-outlined visual prompt)"), table);
        JsonNode json = new ObjectMapper().readTree(a.toJson());
        assertEquals(1.0, json.path("macro_accuracy").asDouble(), 1e-12);
        assertEquals(1.0, json.path("kappa").asDouble(), 1e-12);
        assertEquals(List.of("RI", "VP", "ND", "AD", "CS"), iterable(json.path("ablation").fieldNames()));
        assertEquals(0.75, json.path("ablation").path("RI").path("kappa").asDouble(), 1e-12);
        assertEquals(0.5 / 3, json.path("ablation").path("AD").path("macro_f1").asDouble(), 1e-12);
        assertEquals(-2 / 3.0, json.path("ablation").path("AD").path("macro_accuracy_delta").asDouble(), 1e-12);
        assertEquals(6, json.path("report").path("outcomes").size());

    }

    @Test
    void aRunStoppedHalfwayResumesWithTheImagesItHadNotAnswered() throws Exception {
        LoadedProfile profile = bottle();
        List<PromptEvaluation.Sample> samples = PromptEvaluation.samples(MarkedSet.create(temp.resolve("set")),
                profile.profile(), false);
        AnswerCache cache = AnswerCache.in(temp.resolve("home"));
        try (FakeChatServer server = new FakeChatServer().answering(PromptAblationTest::byParts)) {
            evaluate(server, profile, samples.subList(0, 3), cache);
            assertEquals(3, server.received().size());
            PromptEvaluation.Report r = evaluate(server, profile, samples, cache);
            assertEquals(List.of(0, 1, 2, 3, 4, 5), server.received().stream().map(MarkedSet::index).toList(),
                    "only the images not answered before (3, 4, 5) are asked again");
            assertEquals(3, r.cacheHits());
            assertEquals(1.0, r.macroAccuracy(), 1e-12);
        }
    }

    @Test
    void aFailedAttemptIsNotCachedAndIsAskedAgain() throws Exception {
        LoadedProfile profile = bottle();
        List<PromptEvaluation.Sample> one = PromptEvaluation.samples(MarkedSet.create(temp.resolve("set")),
                profile.profile(), false).subList(0, 1);
        AnswerCache cache = AnswerCache.in(temp.resolve("home"));
        try (FakeChatServer server = new FakeChatServer().answering(PromptAblationTest::byParts);
             Explainer llm = explainer(server)) {
            server.then(new FakeChatServer.Reply(500, Map.of(), "{\"error\":{\"message\":\"overloaded\"}}", List.of(), 0, 0));
            PromptEvaluation.Report failed = PromptEvaluation.run(llm, profile, one, Optional.empty(), cache,
                    Progress.NONE, () -> false);
            assertEquals(1, failed.failures());
            PromptEvaluation.Report again = PromptEvaluation.run(llm, profile, one, Optional.empty(), cache,
                    Progress.NONE, () -> false);
            assertEquals(2, server.received().size(), "the server error was not kept as an answer");
            assertEquals(1.0, again.macroAccuracy(), 1e-12);
            assertEquals(0, again.cacheHits());
        }
    }

    @Test
    void comparingTwoVersionsShowsTheDeltasAndTheImagesWhoseAnswerChanged() throws Exception {
        LoadedProfile v1 = bottle();
        PromptProfile p = v1.profile();
        ProfileDocument edited = new ProfileDocument(new PromptProfile(p.name(), 2, p.normalDescription(),
                p.anomalyClasses(), p.classificationStrategy() + " Look inside the opening first.", p.referenceImages()),
                v1.document().offline(), v1.document().referenceSha256());
        LoadedProfile v2 = LoadedProfile.load(edited, v1.folder());
        List<PromptEvaluation.Sample> samples = PromptEvaluation.samples(MarkedSet.create(temp.resolve("set")), p, false);
        PromptComparison c;
        try (FakeChatServer server = new FakeChatServer().answering(r -> MarkedSet.index(r) == 4
                && !MarkedSet.prompt(r).contains("Look inside the opening first.") ? MarkedSet.answer("broken_large")
                : MarkedSet.answer(MarkedSet.truth(MarkedSet.index(r))));
             Explainer llm = explainer(server)) {
            c = PromptComparison.run(llm, v1, v2, samples, AnswerCache.in(temp.resolve("home")), Progress.NONE, () -> false);
            assertEquals(12, server.received().size());
        }
        assertEquals(5 / 6.0, c.before().macroAccuracy(), 1e-12);
        assertEquals(1.0, c.after().macroAccuracy(), 1e-12);
        assertEquals(1 / 6.0, c.macroAccuracyDelta(), 1e-12);
        // v1: bl answered 3 times (precision 2/3, F1 0.8), contamination recall 1/2 (F1 2/3)
        assertEquals(1 - (0.8 + 1 + 2 / 3.0) / 3, c.macroF1Delta(), 1e-12);
        assertEquals(1, c.changed().size());
        PromptComparison.Change change = c.changed().get(0);
        assertEquals("contamination/000.png", PromptComparison.shortName(change.image()));
        assertEquals("broken_large", change.before());
        assertEquals("contamination", change.after());
        assertEquals(1, change.gain());
        String text = c.toText();
        assertEquals(List.of("0.8333", "1.0000", "+0.1667"), figures(text, "macro accuracy"), text);
        assertEquals(List.of("contamination", "broken_large", "contamination", "fixed"),
                figures(text, "contamination/000.png"), text);
        assertTrue(text.contains("1 images answered differently (1 now right, 0 now wrong)"), text);
        JsonNode json = new ObjectMapper().readTree(c.toJson());
        assertEquals(1, json.path("before").path("version").asInt());
        assertEquals(2, json.path("after").path("version").asInt());
        assertEquals(1 / 6.0, json.path("delta").path("macro_accuracy").asDouble(), 1e-12);
        assertEquals("broken_large", json.path("changed").get(0).path("before").asText());
    }

    /** The words after {@code label} on the line that starts with it. */
    private static List<String> figures(String text, String label) {
        String line = text.lines().filter(l -> l.startsWith(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + label + "' in\n" + text));
        return List.of(line.substring(label.length()).strip().split("\\s+"));
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
