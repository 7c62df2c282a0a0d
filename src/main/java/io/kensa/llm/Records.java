package io.kensa.llm;

import io.kensa.model.ExplanationStatus;
import io.kensa.model.Severity;
import java.time.Instant;
import java.util.Optional;

/** Builds the stored-ready {@link Explanation} records, so every path fills the same fields the same way. */
final class Records {
    /** Who explained, with what, for which profile version. */
    record Source(String explainer, String model, String endpoint, String profileName, int profileVersion) {
        static Source of(String explainer, String model, String endpoint, PromptProfile profile) {
            return new Source(explainer, model, endpoint, profile.name(), profile.version());
        }
    }

    /** Token counts of one call (0 when the server did not report them). */
    record Usage(int promptTokens, int completionTokens) {
        static final Usage NONE = new Usage(0, 0);
    }

    private Records() {}

    static Explanation failure(Source s, ExplanationStatus status, String message, String summary, String raw,
                               long latencyMs, Usage usage) {
        return new Explanation(status, s.explainer(), s.model(), s.endpoint(), s.profileName(), s.profileVersion(),
                Optional.empty(), Optional.empty(), 0, message, "", summary, raw, latencyMs, usage.promptTokens(),
                usage.completionTokens(), false, Instant.now());
    }

    static Explanation answer(Source s, ExplanationStatus status, Optional<String> anomalyClass,
                              Optional<Severity> severity, double confidence, String rationale, String evidence,
                              String summary, String raw, long latencyMs, Usage usage) {
        return new Explanation(status, s.explainer(), s.model(), s.endpoint(), s.profileName(), s.profileVersion(),
                anomalyClass, severity, confidence, rationale, evidence, summary, raw, latencyMs, usage.promptTokens(),
                usage.completionTokens(), false, Instant.now());
    }

    static Explanation fromCache(Explanation e) {
        return new Explanation(e.status(), e.explainer(), e.model(), e.endpoint(), e.profileName(), e.profileVersion(),
                e.anomalyClass(), e.severity(), e.confidence(), e.rationale(), e.evidence(), e.requestSummary(),
                e.rawResponse(), 0, 0, 0, true, Instant.now());
    }
}
