package io.kensa.llm;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One running explanation. {@link #sent()} completes as soon as the visual prompt is rendered (before the model
 * answers), {@link #result()} with the final record. Both complete on the explainer's thread.
 */
public final class ExplanationTask {
    private final CompletableFuture<Explanation> result = new CompletableFuture<>();
    private final CompletableFuture<VisualPrompt> sent = new CompletableFuture<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Supplier<Explanation> cancelledRecord;
    private volatile Runnable abort = () -> { };

    ExplanationTask(Supplier<Explanation> cancelledRecord) {
        this.cancelledRecord = cancelledRecord;
    }

    /** The final record: an answer, an offline description, or the fault (never completes exceptionally). */
    public CompletableFuture<Explanation> result() {
        return result;
    }

    /** Exactly the images and prompt text that were (or, offline, would be) sent; for the UI thumbnails. */
    public CompletableFuture<VisualPrompt> sent() {
        return sent;
    }

    /** Stops waiting for the model (the HTTP stream is closed); the result becomes a {@code CANCELLED} record. */
    public void cancel() {
        if (cancelled.compareAndSet(false, true)) {
            abortQuietly();
            sent.completeExceptionally(new CancellationException("explanation cancelled"));
            result.complete(cancelledRecord.get());
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }

    /** What {@link #cancel()} must interrupt right now (a stream to close, a back-off sleep to wake). */
    void onCancel(Runnable abort) {
        this.abort = abort;
        if (cancelled.get()) {
            abortQuietly();
        }
    }

    private void abortQuietly() {
        try {
            abort.run();
        } catch (RuntimeException e) {
            // closing a stream another thread is reading may complain (okio); the reader fails and stops either way
        }
    }

    void sent(VisualPrompt prompt) {
        sent.complete(prompt);
    }

    void finish(Explanation explanation) {
        result.complete(explanation);
    }
}
