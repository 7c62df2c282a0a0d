package io.kensa.llm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
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
        Completion completion;
        try {
            completion = JSON.readValue(body, Completion.class);
        } catch (Exception e) {
            return Optional.empty();
        }
        if (completion == null || completion.choices() == null || completion.choices().isEmpty()
                || completion.choices().get(0) == null) {
            return Optional.empty();
        }
        Choice choice = completion.choices().get(0);
        Message message = choice.message();
        if (message == null || (message.content() == null && message.refusal() == null)) {
            return Optional.empty();
        }
        Usage usage = completion.usage() == null ? new Usage(0, 0) : completion.usage();
        return Optional.of(new ModelReply(orEmpty(message.content()), orEmpty(message.refusal()),
                orEmpty(choice.finishReason()), new Records.Usage(usage.promptTokens(), usage.completionTokens())));
    }

    /** The parts of a chat completion body Kensa reads; everything else is ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Completion(List<Choice> choices, Usage usage) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Choice(Message message, @JsonProperty("finish_reason") String finishReason) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Message(String content, String refusal) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Usage(@JsonProperty("prompt_tokens") int promptTokens,
                         @JsonProperty("completion_tokens") int completionTokens) {}

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The reply as kept for audit: the content, then the refusal and finish reason when there are any. */
    String raw() {
        return content + (refusal.isEmpty() ? "" : "\n[refusal] " + refusal)
                + (finishReason.isEmpty() ? "" : "\n[finish_reason] " + finishReason);
    }
}
