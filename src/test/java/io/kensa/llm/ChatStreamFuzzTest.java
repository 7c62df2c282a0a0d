package io.kensa.llm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.kensa.model.ExplanationStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What an LLM server sends back, through the real client over HTTP on 127.0.0.1: any event stream and any JSON
 * completion become an explanation with a status and a message (never an exception, never a hang), and an answer
 * is only taken when it fits the schema.
 */
class ChatStreamFuzzTest {
    private static FakeChatServer server;
    private static Explainer explainer;
    private static ExplainRequest request;
    private static Path home;

    @BeforeAll
    static void start() throws Exception {
        server = new FakeChatServer();
        home = Files.createTempDirectory("kensa-chat-fuzz");
        Properties p = new Properties();
        p.setProperty("llm.baseUrl", server.baseUrl());
        p.setProperty("llm.model", "test-vision");
        p.setProperty("llm.cacheEntries", "0"); // every input must reach the server
        p.setProperty("llm.rateLimitRetries", "0");
        p.setProperty("llm.timeoutSeconds", "10");
        p.setProperty("llm.budget.callsPerHour", "100000000");
        explainer = Explainers.create(LlmSettings.fromProperties(p), Map.of("KENSA_LLM_API_KEY", "sk-fuzz-0123456789"), home);
        request = Demo.request("broken_large", "000");
    }

    @AfterAll
    static void stop() throws IOException {
        explainer.close();
        server.close();
        Files.deleteIfExists(home);
    }

    @FuzzTest
    void anyEventStreamBecomesAnExplanationWithAStatus(byte[] body) throws Exception {
        explainsWith(FakeChatServer.Reply.plain("text/event-stream", new String(body, StandardCharsets.UTF_8)));
    }

    @FuzzTest
    void anyCompletionJsonBecomesAnExplanationWithAStatus(byte[] body) throws Exception {
        explainsWith(FakeChatServer.Reply.plain("application/json", new String(body, StandardCharsets.UTF_8)));
    }

    private static void explainsWith(FakeChatServer.Reply reply) throws Exception {
        server.always(reply);
        Explanation e = explainer.explain(request, s -> { }).result().get(30, TimeUnit.SECONDS);
        assertNotNull(e.status());
        assertFalse(e.rationale().isBlank(), "every outcome says what happened: " + e);
        if (e.status() == ExplanationStatus.ANSWERED) {
            assertTrue(AnswerSchema.allowedClasses(request.profile().profile()).contains(e.anomalyClass().orElseThrow()), e.toString());
        }
    }
}
