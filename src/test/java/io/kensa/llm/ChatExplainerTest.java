package io.kensa.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kensa.model.ClassPrediction;
import io.kensa.model.ExplanationStatus;
import io.kensa.model.Severity;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Chat Completions explainer against a real HTTP server on 127.0.0.1 (no mocked client). */
class ChatExplainerTest {
    private static final String KEY = "sk-test-0123456789-secret-abcd";
    private static final String ANSWER = "{\"class\":\"broken_large\",\"severity\":\"defect\",\"confidence\":0.86,"
            + "\"rationale\":\"A large part of the rim at the lower right is missing. Shiny glass shards stick out of the gap. "
            + "The round outline of the mouth is broken, which makes this broken_large.\",\"evidence\":\"lower-right rim inside the red outline\"}";

    @TempDir
    Path home;
    private FakeChatServer server;

    @BeforeEach
    void start() throws Exception {
        server = new FakeChatServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** A generous request timeout, so a loaded test machine does not turn an answer into a TIMEOUT. */
    private LlmSettings settings(String url) {
        return settings(url, Duration.ofSeconds(15));
    }

    private LlmSettings settings(String url, Duration requestTimeout) {
        return LlmSettings.defaults().withEndpoint(url, "test-vision")
                .withLimits(requestTimeout, 2, Duration.ofSeconds(3), new LlmSettings.Budget(100, 0, 0, 2.5, 10));
    }

    private Explainer explainer(LlmSettings settings) throws ExplainerSetupException {
        return Explainers.create(settings, Map.of("KENSA_LLM_API_KEY", KEY), home);
    }

    private Explanation explain(Explainer explainer, ExplainRequest request) throws Exception {
        return explainer.explain(request, s -> { }).result().get(20, TimeUnit.SECONDS);
    }

    @Test
    void sendsReferenceQueryAndOutlinedImagesWithStructuredPromptAtTemperatureZero() throws Exception {
        server.then(FakeChatServer.Reply.stream(ANSWER));
        try (Explainer explainer = explainer(settings(server.baseUrl()))) {
            ExplanationTask task = explainer.explain(Demo.request("broken_large", "000"), s -> { });
            Explanation e = task.result().get(20, TimeUnit.SECONDS);

            assertEquals(ExplanationStatus.ANSWERED, e.status(), e.rationale());
            assertEquals("broken_large", e.anomalyClass().orElseThrow());
            assertEquals(Severity.DEFECT, e.severity().orElseThrow());
            assertEquals(0.86, e.confidence(), 1e-9);
            assertEquals("bottle", e.profileName());
            assertEquals(1234, e.promptTokens());
            assertEquals(56, e.completionTokens());
            assertTrue(e.requestSummary().contains("## Normal description (ND)"));

            FakeChatServer.Received r = server.received().get(0);
            assertEquals("/v1/chat/completions", r.path());
            assertEquals("Bearer " + KEY, r.header("Authorization"));
            JsonNode body = r.body();
            assertEquals("test-vision", body.get("model").asText());
            assertEquals(0.0, body.get("temperature").asDouble());
            assertTrue(body.get("stream").asBoolean());
            JsonNode format = body.get("response_format");
            assertEquals("json_schema", format.get("type").asText());
            assertTrue(format.get("json_schema").get("strict").asBoolean());
            JsonNode schema = format.get("json_schema").get("schema");
            assertEquals(List.of("broken_large", "broken_small", "contamination", "normal"),
                    texts(schema.get("properties").get("class").get("enum")));
            assertEquals(List.of("normal", "minor", "defect"), texts(schema.get("properties").get("severity").get("enum")));
            assertEquals(List.of("class", "severity", "confidence", "rationale", "evidence"), texts(schema.get("required")));

            JsonNode user = body.get("messages").get(1);
            assertEquals("user", user.get("role").asText());
            List<BufferedImage> images = new ArrayList<>();
            List<String> texts = new ArrayList<>();
            for (JsonNode part : user.get("content")) {
                if (part.get("type").asText().equals("image_url")) {
                    String url = part.get("image_url").get("url").asText();
                    assertTrue(url.startsWith("data:image/png;base64,"));
                    images.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1)))));
                } else {
                    texts.add(part.get("text").asText());
                }
            }
            assertEquals(4, images.size(), "2 reference images, the query, the outlined query");
            for (BufferedImage img : images) {
                assertEquals(448, img.getWidth());
                assertEquals(448, img.getHeight());
            }
            VisualPrompt sent = task.sent().get();
            assertEquals(0, redPixels(images.get(0)), "the reference image is a clean good bottle");
            assertEquals(0, differingPixels(images.get(0), sent.references().get(0)));
            assertEquals(0, redPixels(images.get(2)), "the query image is sent clean");
            assertEquals(0, differingPixels(images.get(3), sent.outlined()));
            assertOutlineLiesOnMask(images.get(3), Demo.mask("broken_large", "000"));

            String prompt = texts.get(texts.size() - 1);
            for (String section : List.of("## Normal description (ND)", "## Anomaly classes (AD)",
                    "## Classification strategy (CS)", "## Detector findings", "- broken_small:", "- contamination:",
                    "Anomaly score 1.000, decision threshold 0.5000", "1 region above the threshold",
                    "10.89% of the image", "at the bottom-right of the image")) {
                assertTrue(prompt.contains(section), "prompt lacks '" + section + "':\n" + prompt);
            }
            assertTrue(texts.get(0).contains("Reference image 1"));
        }
    }

    /** Seed 000: the class name helps the LLM most, so the recipe's classifier's class is in the prompt as a hint. */
    @Test
    void classifierClassIsSentAsAHintAndOnlyWhenThereIsOne() throws Exception {
        server.then(FakeChatServer.Reply.stream(ANSWER)).then(FakeChatServer.Reply.stream(ANSWER));
        ExplainRequest plain = Demo.request("broken_large", "000");
        ExplainRequest hinted = new ExplainRequest(plain.image(), plain.detection(), plain.profile(),
                Optional.of(new ClassPrediction("broken_large", 0.91, "bottle classifier v1")));
        try (Explainer explainer = explainer(settings(server.baseUrl()))) {
            explain(explainer, hinted);
            explain(explainer, plain);
        }
        String withHint = lastText(server.received().get(0).body());
        String without = lastText(server.received().get(1).body());
        assertTrue(withHint.contains("- The recipe's defect classifier suggests class broken_large with probability 0.91"),
                withHint);
        assertFalse(without.contains("defect classifier"), without);
        assertEquals(2, server.received().size(), "a different prompt is not answered from the cache");
    }

    private static String lastText(JsonNode body) {
        String text = "";
        for (JsonNode part : body.get("messages").get(1).get("content")) {
            if (part.get("type").asText().equals("text")) {
                text = part.get("text").asText();
            }
        }
        return text;
    }

    @Test
    void settingsFileCanAskForJpegImagesAndAnotherSize() throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("llm.baseUrl", server.baseUrl());
        p.setProperty("llm.model", "test-vision");
        p.setProperty("llm.imageFormat", "jpeg");
        p.setProperty("llm.imageSize", "224");
        server.then(FakeChatServer.Reply.stream(ANSWER));
        try (Explainer explainer = explainer(LlmSettings.fromProperties(p))) {
            assertEquals(ExplanationStatus.ANSWERED, explain(explainer, Demo.request("broken_large", "000")).status());
        }
        for (JsonNode part : server.received().get(0).body().get("messages").get(1).get("content")) {
            if (part.get("type").asText().equals("image_url")) {
                String url = part.get("image_url").get("url").asText();
                assertTrue(url.startsWith("data:image/jpeg;base64,"));
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1))));
                assertEquals(224, img.getWidth());
            }
        }
    }

    @Test
    void streamingCallbackReceivesGrowingRationale() throws Exception {
        server.then(FakeChatServer.Reply.streamWith(ANSWER, "stop", 5));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Explainer explainer = explainer(settings(server.baseUrl()))) {
            Explanation e = explainer.explain(Demo.request("broken_large", "000"), seen::add).result().get(20, TimeUnit.SECONDS);
            assertEquals(ExplanationStatus.ANSWERED, e.status());
            assertTrue(seen.size() >= 10, "rationale arrives in many steps, got " + seen.size());
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i).startsWith(seen.get(i - 1)) && seen.get(i).length() > seen.get(i - 1).length(),
                        "each step extends the previous one");
            }
            assertEquals(e.rationale(), seen.get(seen.size() - 1));
        }
    }

    @Test
    void eachFaultEndsInItsOwnStatus() throws Exception {
        try (Explainer explainer = explainer(settings(server.baseUrl()))) {
            ExplainRequest request = Demo.request("broken_small", "000");
            server.then(FakeChatServer.Reply.error(401, "Incorrect API key provided", Map.of()));
            assertEquals(ExplanationStatus.UNAUTHORIZED, explain(explainer, request).status());

            server.then(FakeChatServer.Reply.error(503, "overloaded", Map.of()));
            Explanation serverError = explain(explainer, request);
            assertEquals(ExplanationStatus.SERVER_ERROR, serverError.status());
            assertTrue(serverError.rationale().contains("HTTP 503"), serverError.rationale());

            server.then(FakeChatServer.Reply.stream("{\"class\": \"broken_small\", \"severity\": "));
            Explanation malformed = explain(explainer, request);
            assertEquals(ExplanationStatus.INVALID_ANSWER, malformed.status());
            assertTrue(malformed.rawResponse().contains("\"class\": \"broken_small\""), "raw text is kept");
            assertTrue(malformed.anomalyClass().isEmpty());

            server.then(FakeChatServer.Reply.stream(ANSWER.replace("broken_large", "scratch")));
            Explanation offSchema = explain(explainer, request);
            assertEquals(ExplanationStatus.INVALID_ANSWER, offSchema.status());
            assertTrue(offSchema.rationale().contains("'scratch'"), offSchema.rationale());

            server.then(FakeChatServer.Reply.refusal("I can't help with that."));
            Explanation refused = explain(explainer, request);
            assertEquals(ExplanationStatus.REFUSED, refused.status());
            assertTrue(refused.rationale().contains("I can't help with that."));

            server.then(FakeChatServer.Reply.streamWith("{\"class\":", "content_filter", 0));
            assertEquals(ExplanationStatus.REFUSED, explain(explainer, request).status());

            server.then(FakeChatServer.Reply.rawSse("{this is not json"));
            assertEquals(ExplanationStatus.INVALID_ANSWER, explain(explainer, request).status());

        }
        try (Explainer impatient = explainer(settings(server.baseUrl(), Duration.ofSeconds(2)))) {
            server.then(FakeChatServer.Reply.stream(ANSWER).delayed(4000));
            Explanation timeout = explain(impatient, Demo.request("broken_small", "000"));
            assertEquals(ExplanationStatus.TIMEOUT, timeout.status(), timeout.rationale());
            assertTrue(timeout.rationale().contains("within 2 s"));
        }
    }

    @Test
    void refusedConnectionIsUnreachable() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (Explainer explainer = explainer(settings("http://127.0.0.1:" + port + "/v1"))) {
            Explanation e = explain(explainer, Demo.request("broken_small", "000"));
            assertEquals(ExplanationStatus.UNREACHABLE, e.status());
            assertTrue(e.rationale().contains("Cannot connect"), e.rationale());
        }
    }

    @Test
    void rateLimitIsRetriedHonouringRetryAfterThenSucceeds() throws Exception {
        server.then(FakeChatServer.Reply.error(429, "slow down", Map.of("Retry-After", "1")), FakeChatServer.Reply.stream(ANSWER));
        try (Explainer explainer = explainer(settings(server.baseUrl()))) {
            long start = System.nanoTime();
            Explanation e = explain(explainer, Demo.request("broken_large", "000"));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(ExplanationStatus.ANSWERED, e.status());
            assertEquals(2, server.received().size());
            assertTrue(ms >= 950, "waited for Retry-After: 1 s, took " + ms + " ms");
        }
    }

    @Test
    void rateLimitBeyondTheRetriesEndsRateLimited() throws Exception {
        server.always(FakeChatServer.Reply.error(429, "slow down", Map.of("Retry-After", "0")));
        try (Explainer explainer = explainer(settings(server.baseUrl()))) {
            assertEquals(ExplanationStatus.RATE_LIMITED, explain(explainer, Demo.request("broken_large", "000")).status());
            assertEquals(3, server.received().size(), "first try plus 2 retries");
        }
        server.close();
        server = new FakeChatServer().then(FakeChatServer.Reply.error(429, "later", Map.of("Retry-After", "120")));
        try (Explainer explainer = explainer(settings(server.baseUrl()))) {
            assertEquals(ExplanationStatus.RATE_LIMITED, explain(explainer, Demo.request("broken_large", "000")).status());
            assertEquals(1, server.received().size(), "a wait beyond maxRetryWait is not retried");
        }
    }

    @Test
    void identicalRequestIsServedFromTheCache() throws Exception {
        server.always(FakeChatServer.Reply.stream(ANSWER));
        try (Explainer explainer = explainer(settings(server.baseUrl()))) {
            Explanation first = explain(explainer, Demo.request("broken_large", "000"));
            List<String> seen = new ArrayList<>();
            Explanation second = explainer.explain(Demo.request("broken_large", "000"), seen::add).result().get(20, TimeUnit.SECONDS);
            assertFalse(first.fromCache());
            assertTrue(second.fromCache());
            assertEquals(first.rationale(), second.rationale());
            assertEquals(List.of(first.rationale()), seen);
            assertEquals(1, server.received().size(), "the server saw one call");
            ExplainerStats stats = explainer.stats();
            assertEquals(1, stats.calls());
            assertEquals(1, stats.cacheHits());
            assertEquals(1234, stats.promptTokens());
            assertEquals((1234 * 2.5 + 56 * 10) / 1e6, stats.costEstimate(), 1e-12);
        }
    }

    @Test
    void budgetStopsCalls() throws Exception {
        server.always(FakeChatServer.Reply.stream(ANSWER));
        LlmSettings s = settings(server.baseUrl()).withLimits(Duration.ofSeconds(15), 0, Duration.ofSeconds(1),
                new LlmSettings.Budget(1, 0, 0, 0, 0));
        try (Explainer explainer = explainer(s)) {
            assertEquals(ExplanationStatus.ANSWERED, explain(explainer, Demo.request("broken_large", "000")).status());
            Explanation refused = explain(explainer, Demo.request("broken_small", "000"));
            assertEquals(ExplanationStatus.BUDGET_EXCEEDED, refused.status());
            assertTrue(refused.rationale().contains("1 LLM calls per hour"), refused.rationale());
            assertEquals(1, server.received().size());
            assertEquals(1, explainer.stats().budgetRefusals());
        }
    }

    @Test
    void aRunawayStreamIsCutOffAtItsCapAndNotUsed() throws Exception {
        String endless = "{\"class\":\"broken_large\",\"rationale\":\"" + "lighting ".repeat(ChatExplainer.MAX_STREAMED_CHARS / 9 + 1000);
        server.then(FakeChatServer.Reply.streamWith(endless, "stop", 0));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Explainer explainer = explainer(settings(server.baseUrl()))) {
            Explanation e = explainer.explain(Demo.request("broken_large", "000"), seen::add).result().get(60, TimeUnit.SECONDS);
            assertEquals(ExplanationStatus.INVALID_ANSWER, e.status());
            assertTrue(e.rationale().contains("streamed more than " + ChatExplainer.MAX_STREAMED_CHARS + " characters"), e.rationale());
            assertTrue(e.anomalyClass().isEmpty(), "nothing of a cut-off answer is used");
            assertTrue(e.rawResponse().length() <= 16_000, "what is kept of it is bounded: " + e.rawResponse().length());
            assertFalse(seen.isEmpty(), "the rationale was shown while it streamed");
        }
    }

    @Test
    void cancelStopsStreamingAndEndsCancelled() throws Exception {
        server.then(FakeChatServer.Reply.streamWith(ANSWER, "stop", 200));
        try (Explainer explainer = explainer(settings(server.baseUrl()))) {
            List<String> seen = new CopyOnWriteArrayList<>();
            ExplanationTask task = explainer.explain(Demo.request("broken_large", "000"), seen::add);
            task.sent().get(20, TimeUnit.SECONDS);
            // cancelled mid-stream: once the rationale is showing, with most of the answer still to come
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(seen.isEmpty(), "the rationale began to stream");
            task.cancel();
            Explanation e = task.result().get(5, TimeUnit.SECONDS);
            assertEquals(ExplanationStatus.CANCELLED, e.status());
            assertTrue(e.anomalyClass().isEmpty());
        }
    }

    @Test
    void apiKeyIsSentButNeverLoggedOrRecorded() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<Explanation> records = new ArrayList<>();
        String described;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Explainer explainer = explainer(settings(server.baseUrl()))) {
            described = explainer.describe();
            server.then(FakeChatServer.Reply.error(401, "Incorrect API key provided: " + KEY, Map.of()),
                    FakeChatServer.Reply.stream(ANSWER));
            records.add(explain(explainer, Demo.request("broken_large", "000")));
            records.add(explain(explainer, Demo.request("broken_large", "000")));
        } finally {
            System.setErr(original);
        }
        assertEquals(ExplanationStatus.UNAUTHORIZED, records.get(0).status());
        assertEquals(ExplanationStatus.ANSWERED, records.get(1).status());
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("LLM"), "the log was captured");
        assertFalse(captured.toString(StandardCharsets.UTF_8).contains(KEY));
        for (Explanation e : records) {
            assertFalse(e.toString().contains(KEY), "record leaks the key: " + e);
        }
        assertTrue(records.get(0).rationale().contains("sk-…abcd"), records.get(0).rationale());
        assertTrue(described.contains("sk-…abcd") && !described.contains(KEY), described);
        assertEquals("Bearer " + KEY, server.received().get(0).header("Authorization"));
    }

    @Test
    void credentialsInTheEndpointUrlAreNeverShownLoggedOrRecorded() throws Exception {
        String password = "sk-LEAKME0123456789abcdef";
        String queryKey = "sk-QUERYKEY999";
        String url = server.baseUrl().replace("http://", "http://user:" + password + "@") + "?key=" + queryKey;
        String redacted = server.baseUrl().replace("http://", "http://REDACTED@") + "?key=REDACTED";
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<Explanation> records = new ArrayList<>();
        List<String> described = new ArrayList<>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            try (Explainer explainer = explainer(settings(url))) {
                described.add(explainer.describe());
                // a server that echoes the URL in its error body must not get it into the record either
                server.then(FakeChatServer.Reply.stream(ANSWER),
                        FakeChatServer.Reply.error(503, "upstream " + url + " is down", Map.of()));
                records.add(explain(explainer, Demo.request("broken_large", "000")));
                records.add(explain(explainer, Demo.request("broken_small", "000")));
            }
            try (Explainer impatient = explainer(settings(url, Duration.ofSeconds(1)))) {
                server.then(FakeChatServer.Reply.stream(ANSWER).delayed(3000));
                records.add(explain(impatient, Demo.request("contamination", "000")));
            }
            ExplainerSetupException notAUrl = org.junit.jupiter.api.Assertions.assertThrows(ExplainerSetupException.class,
                    () -> explainer(settings(url + " x|y")));
            described.add(notAUrl.getMessage());
        } finally {
            System.setErr(original);
        }
        assertEquals(ExplanationStatus.ANSWERED, records.get(0).status(), records.get(0).rationale());
        assertEquals(ExplanationStatus.SERVER_ERROR, records.get(1).status(), records.get(1).rationale());
        assertEquals(ExplanationStatus.TIMEOUT, records.get(2).status(), records.get(2).rationale());
        assertEquals("/v1/chat/completions", server.received().get(0).path(), "the real URL is still used for the call");
        assertEquals("key=" + queryKey, server.received().get(0).query());
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("LLM test-vision at " + redacted), "the log was captured and names the redacted URL: " + log);
        List<String> shown = new ArrayList<>(described);
        shown.add(log);
        for (Explanation e : records) {
            assertEquals(redacted, e.endpoint());
            assertTrue(e.requestSummary().startsWith("model test-vision at " + redacted + ";"), e.requestSummary());
            shown.add(e.toString());
        }
        assertTrue(records.get(1).rationale().contains("The LLM server at " + redacted + " failed"), records.get(1).rationale());
        assertTrue(records.get(2).rationale().contains("The LLM server at " + redacted + " did not answer"), records.get(2).rationale());
        assertTrue(described.get(0).startsWith("test-vision at " + redacted), described.get(0));
        assertTrue(described.get(1).contains("is not a URL"), described.get(1));
        for (String text : shown) {
            for (String secret : List.of(password, queryKey, "user:")) {
                assertFalse(text.contains(secret), "'" + secret + "' leaks into: " + text);
            }
        }
    }

    @Test
    void openAiKeyFromTheEnvironmentIsNotSentToOtherServers() throws Exception {
        String openAiKey = "sk-openai-0123456789-for-openai-only";
        server.always(FakeChatServer.Reply.stream(ANSWER));
        try (Explainer explainer = Explainers.create(settings(server.baseUrl()), Map.of("OPENAI_API_KEY", openAiKey), home)) {
            assertEquals(ExplanationStatus.ANSWERED, explain(explainer, Demo.request("broken_large", "000")).status());
            assertTrue(explainer.describe().endsWith("(key no key)"), explainer.describe());
        }
        try (Explainer explainer = Explainers.create(settings(server.baseUrl()),
                Map.of("OPENAI_API_KEY", openAiKey, "KENSA_LLM_API_KEY", KEY), home)) {
            assertEquals(ExplanationStatus.ANSWERED, explain(explainer, Demo.request("broken_small", "000")).status());
        }
        assertEquals(2, server.received().size());
        assertFalse(server.received().get(0).header("Authorization").contains(openAiKey),
                server.received().get(0).header("Authorization"));
        assertEquals("Bearer " + KEY, server.received().get(1).header("Authorization"), "Kensa's own key goes to any host");
    }

    @Test
    void serverThatIgnoresStreamingIsUnderstoodOrItsBodyKept() throws Exception {
        try (Explainer explainer = explainer(settings(server.baseUrl()))) {
            server.then(FakeChatServer.Reply.completion(ANSWER));
            List<String> seen = new CopyOnWriteArrayList<>();
            Explanation whole = explainer.explain(Demo.request("broken_large", "000"), seen::add).result().get(20, TimeUnit.SECONDS);
            assertEquals(ExplanationStatus.ANSWERED, whole.status(), whole.rationale());
            assertEquals("broken_large", whole.anomalyClass().orElseThrow());
            assertEquals(1234, whole.promptTokens());
            assertEquals(56, whole.completionTokens());
            assertEquals(List.of(whole.rationale()), seen, "the rationale is delivered once, whole");
            assertTrue(server.received().get(0).body().get("stream").asBoolean(), "Kensa still asked for a stream");

            String page = "<html><body><h1>Sign in to the proxy</h1></body></html>";
            server.then(FakeChatServer.Reply.plain("text/html; charset=utf-8", page));
            Explanation html = explain(explainer, Demo.request("broken_small", "000"));
            assertEquals(ExplanationStatus.INVALID_ANSWER, html.status());
            assertTrue(html.rationale().contains("did not stream an answer (got text/html; charset=utf-8"), html.rationale());
            assertEquals(page, html.rawResponse());
            assertTrue(html.anomalyClass().isEmpty());

            String error = "{\"error\":{\"message\":\"model not loaded\"}}";
            server.then(FakeChatServer.Reply.plain("application/json", error));
            Explanation json = explain(explainer, Demo.request("contamination", "000"));
            assertEquals(ExplanationStatus.INVALID_ANSWER, json.status());
            assertTrue(json.rationale().contains("did not stream an answer (got application/json"), json.rationale());
            assertEquals(error, json.rawResponse());

            server.then(FakeChatServer.Reply.plain("text/html", "x".repeat(100_000)));
            Explanation huge = explain(explainer, Demo.request("broken_large", "001"));
            assertEquals(ExplanationStatus.INVALID_ANSWER, huge.status());
            assertTrue(huge.rawResponse().length() < 16_100 && huge.rawResponse().endsWith("[… cut after 16000 characters]"),
                    "a large body is kept only in part: " + huge.rawResponse().length());

            server.then(FakeChatServer.Reply.stream(ANSWER).withHeader("Content-Type", "text/plain; charset=utf-8"));
            Explanation mislabelled = explain(explainer, Demo.request("broken_large", "002"));
            assertEquals(ExplanationStatus.ANSWERED, mislabelled.status(), "an event stream labelled text/plain is still read: "
                    + mislabelled.rationale());
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static boolean red(int rgb) {
        return ((rgb >> 16) & 0xff) >= 250 && ((rgb >> 8) & 0xff) <= 5 && (rgb & 0xff) <= 5;
    }

    static int redPixels(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                n += red(img.getRGB(x, y)) ? 1 : 0;
            }
        }
        return n;
    }

    private static int differingPixels(BufferedImage a, BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                n += (a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff) ? 1 : 0;
            }
        }
        return n;
    }

    /** Every red pixel lies on the mask's region, and the outline runs around nearly all of its border. */
    static void assertOutlineLiesOnMask(BufferedImage outlined, BufferedImage mask) {
        int w = outlined.getWidth();
        int h = outlined.getHeight();
        boolean[] on = new boolean[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                on[y * w + x] = (mask.getRGB(x * mask.getWidth() / w, y * mask.getHeight() / h) & 0xff) > 127;
            }
        }
        int red = 0;
        int off = 0;
        int border = 0;
        int borderOutlined = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean isRed = red(outlined.getRGB(x, y));
                if (isRed) {
                    red++;
                    if (!near(on, w, h, x, y, 2, true)) {
                        off++;
                    }
                }
                if (on[y * w + x] && near(on, w, h, x, y, 1, false)) {
                    border++;
                    if (nearRed(outlined, x, y, 3)) {
                        borderOutlined++;
                    }
                }
            }
        }
        assertTrue(red > 500, "an outline is drawn, red pixels: " + red);
        assertEquals(0, off, "red pixels away from the anomalous region");
        assertTrue(borderOutlined >= 0.95 * border, "outline covers the region border: " + borderOutlined + "/" + border);
    }

    private static boolean near(boolean[] on, int w, int h, int x, int y, int r, boolean value) {
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                int nx = x + dx;
                int ny = y + dy;
                boolean v = nx >= 0 && ny >= 0 && nx < w && ny < h && on[ny * w + nx];
                if (v == value) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean nearRed(BufferedImage img, int x, int y, int r) {
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                int nx = x + dx;
                int ny = y + dy;
                if (nx >= 0 && ny >= 0 && nx < img.getWidth() && ny < img.getHeight() && red(img.getRGB(nx, ny))) {
                    return true;
                }
            }
        }
        return false;
    }
}
