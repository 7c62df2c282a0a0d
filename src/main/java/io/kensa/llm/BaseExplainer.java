package io.kensa.llm;

import io.kensa.detect.Detection;
import io.kensa.util.Threads;
import java.time.Instant;
import java.util.concurrent.ExecutorService;

/**
 * What every explainer shares: the settings' gate, the counters behind {@link #stats()}, the running tasks and the named
 * worker threads they run on, and closing them (running tasks end as cancelled).
 */
abstract class BaseExplainer implements Explainer {
    final LlmSettings settings;
    final ExecutorService workers;
    final Counters counters = new Counters();
    final ActiveTasks active = new ActiveTasks();

    BaseExplainer(LlmSettings settings, String threadPrefix, int threads) {
        this.settings = settings;
        this.workers = Threads.pool(threadPrefix, threads);
    }

    @Override
    public final OutgoingRequest preview(ExplainRequest request) {
        return OutgoingRequest.of(request, settings.imageSize());
    }

    @Override
    public final boolean shouldSend(Detection detection) {
        return settings.gate().admits(detection);
    }

    @Override
    public final ExplainerStats stats() {
        return counters.snapshot(Instant.now());
    }

    @Override
    public final void close() {
        active.cancelAll();
        workers.shutdownNow();
        closeResources();
    }

    /** Releases what the explainer holds besides its threads (an HTTP client); nothing by default. */
    void closeResources() {}
}
