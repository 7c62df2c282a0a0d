package io.kensa.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * What the model sent, put together from a stream of chunks or taken from one non-streamed body.
 *
 * @param finishReason  empty when the server named none
 */
record ModelReply(String content, String refusal, String finishReason, Records.Usage usage) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A complete non-streamed chat completion ({@code choices[0].message}), which some OpenAI-compatible servers
     * send although the request asked to stream. Empty for anything else (an error object, an HTML page, …).
     */
    static Optional<ModelReply> fromCompletionJson(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (root == null) {
            return Optional.empty();
        }
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        if (!message.isObject() || !(message.path("content").isTextual() || message.path("refusal").isTextual())) {
            return Optional.empty();
        }
        JsonNode usage = root.path("usage");
        return Optional.of(new ModelReply(message.path("content").asText(""), message.path("refusal").asText(""),
                choice.path("finish_reason").asText(""),
                new Records.Usage(usage.path("prompt_tokens").asInt(0), usage.path("completion_tokens").asInt(0))));
    }

    /** The reply as kept for audit: the content, then the refusal and finish reason when there are any. */
    String raw() {
        return content + (refusal.isEmpty() ? "" : "\n[refusal] " + refusal)
                + (finishReason.isEmpty() ? "" : "\n[finish_reason] " + finishReason);
    }
}
