package io.kensa.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kensa.model.ExplanationStatus;
import io.kensa.model.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Optional: one real explanation against a live OpenAI-compatible endpoint (Ollama, vLLM, OpenAI, Azure). Runs only
 * when {@code KENSA_LLM_BASE_URL} and {@code KENSA_LLM_MODEL} are set ({@code KENSA_LLM_API_KEY} if the server needs
 * one); see docs/llm.md.
 */
class LiveEndpointTest {
    @TempDir
    Path home;

    @Test
    void explainsARealDefectWithALiveModel() throws Exception {
        String url = System.getenv("KENSA_LLM_BASE_URL");
        String model = System.getenv("KENSA_LLM_MODEL");
        assumeTrue(url != null && !url.isBlank() && model != null && !model.isBlank(),
                "skipped: set KENSA_LLM_BASE_URL and KENSA_LLM_MODEL (and KENSA_LLM_API_KEY if needed) to run against a live endpoint");
        LlmSettings settings = LlmSettings.defaults().withEndpoint(url, model)
                .withLimits(Duration.ofSeconds(180), 2, Duration.ofSeconds(30), new LlmSettings.Budget(10, 0, 0, 0, 0));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Explainer explainer = Explainers.create(settings, home)) {
            Explanation e = explainer.explain(Demo.request("broken_large", "000"), seen::add).result().get(200, TimeUnit.SECONDS);
            System.out.printf("live %s: %s class=%s severity=%s confidence=%.2f latency=%d ms tokens=%d+%d%nrationale: %s%nevidence: %s%n",
                    explainer.describe(), e.status(), e.anomalyClass().orElse("-"), e.severity().map(Severity::wire).orElse("-"),
                    e.confidence(), e.latencyMs(), e.promptTokens(), e.completionTokens(), e.rationale(), e.evidence());
            assertEquals(ExplanationStatus.ANSWERED, e.status(), e.rationale() + "\nraw: " + e.rawResponse());
            assertTrue(AnswerSchema.allowedClasses(Demo.profile().profile()).contains(e.anomalyClass().orElseThrow()));
            assertTrue(!seen.isEmpty(), "the rationale streamed");
        }
    }
}
