package io.kensa.llm;

import io.kensa.model.ExplanationStatus;
import io.kensa.model.Severity;
import java.time.Instant;
import java.util.Optional;

/**
 * The explainer's answer (or the record of why there is none) for one frame.
 *
 * @param explainer       {@code llm} or {@code offline}
 * @param model           model name as configured ({@code offline-rules} for the offline explainer)
 * @param endpoint        base URL (never the key), empty for offline
 * @param profileName     prompt profile used
 * @param profileVersion  its version
 * @param anomalyClass    one of the profile's class names or {@code normal}; empty when there is no valid answer
 * @param severity        empty when there is no valid answer
 * @param confidence      0..1 as stated by the model (0 when there is no valid answer)
 * @param rationale       2–4 sentences for the inspector, or the error explained in words
 * @param evidence        where to look on the image
 * @param requestSummary  what was sent (prompt text, image sizes and hashes), without the images themselves
 * @param rawResponse     the response body as received (for audit), empty when nothing came back
 * @param fromCache       served from the request cache (same images + profile version + model)
 */
public record Explanation(ExplanationStatus status, String explainer, String model, String endpoint,
                          String profileName, int profileVersion, Optional<String> anomalyClass,
                          Optional<Severity> severity, double confidence, String rationale, String evidence,
                          String requestSummary, String rawResponse, long latencyMs, int promptTokens,
                          int completionTokens, boolean fromCache, Instant createdAt) {

    public boolean hasAnswer() {
        return status == ExplanationStatus.ANSWERED || status == ExplanationStatus.OFFLINE;
    }
}
