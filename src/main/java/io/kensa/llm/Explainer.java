package io.kensa.llm;

import io.kensa.detect.Detection;
import java.util.function.Consumer;

/**
 * Explains detector findings in the recipe's own terms. Calls never block: work runs on the explainer's own named
 * threads, and the task's futures and the rationale callback complete on those threads (the UI hops to its own
 * thread). Every attempt ends in exactly one {@link Explanation}, including faults and cancellation.
 */
public interface Explainer extends AutoCloseable {

    /**
     * Starts one explanation (the gate is not applied here: call {@link #shouldSend} first for automatic sending;
     * a "Send to LLM" button calls this directly).
     *
     * @param rationaleSoFar receives the whole rationale text each time it grows (streaming); may be called often
     */
    ExplanationTask explain(ExplainRequest request, Consumer<String> rationaleSoFar);

    /**
     * What {@link #explain} would send for this request, built by the same code and sent nowhere (no HTTP): for
     * previews. The offline explainer sends nothing, but shows what an LLM would get.
     */
    OutgoingRequest preview(ExplainRequest request);

    /** The gate: whether this detection should be explained automatically (score over threshold, or within the band). */
    boolean shouldSend(Detection detection);

    /** Counters since start: calls, cache hits, tokens, cost estimate, latency. */
    ExplainerStats stats();

    /** For status bars and logs, e.g. {@code gpt-4o-mini at https://api.openai.com/v1 (key sk-…abcd)}; never the key. */
    String describe();

    /** Stops the worker threads; running tasks end as cancelled. */
    @Override
    void close();
}
