package io.kensa.ui;

import io.kensa.detect.Progress;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The long-work part the recipe workspace's view-models share: one job at a time on the background executor, its
 * progress and Cancel, and a message line. Every property is written on {@code fx} only.
 */
final class RecipeTrainingWork implements AutoCloseable {
    /** Work that reports progress and checks {@code cancelled}. */
    @FunctionalInterface
    interface Job<T> {
        T run(Progress progress, BooleanSupplier cancelled) throws Exception;
    }

    private final Executor background;
    private final Executor fx;
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageProblem = new ReadOnlyBooleanWrapper(false);
    private Optional<AtomicBoolean> running = Optional.empty();
    private volatile boolean closed;

    RecipeTrainingWork(Executor background, Executor fx) {
        this.background = background;
        this.fx = fx;
    }

    ReadOnlyBooleanProperty working() { return working.getReadOnlyProperty(); }
    ReadOnlyDoubleProperty progress() { return progress.getReadOnlyProperty(); }
    ReadOnlyStringProperty progressText() { return progressText.getReadOnlyProperty(); }
    ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    ReadOnlyBooleanProperty messageProblem() { return messageProblem.getReadOnlyProperty(); }

    /**
     * Runs {@code job} on the background executor unless a job is running; {@code done} gets its result on the fx
     * executor. A cancelled job says {@code cancelledText}; a failed one says {@code failedPrefix} and the reason.
     */
    <T> void start(String startText, String cancelledText, String failedPrefix, Job<T> job, Consumer<T> done) {
        if (working.get()) {
            return;
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        running = Optional.of(cancelled);
        working.set(true);
        progress.set(0);
        progressText.set(startText);
        say("", false);
        execute(background, () -> {
            try {
                T result = job.run((fraction, text) -> publish(() -> {
                    if (isRunning(cancelled) && !cancelled.get()) {
                        progress.set(fraction);
                        progressText.set(text);
                    }
                }), cancelled::get);
                publish(() -> {
                    if (cancelled.get()) { // cancelled after its last check: the result is not taken
                        failed(cancelled, cancelledText);
                    } else if (isRunning(cancelled)) {
                        finish(1, "");
                        done.accept(result);
                    }
                });
            } catch (CancellationException e) {
                publish(() -> failed(cancelled, cancelledText));
            } catch (Exception e) {
                publish(() -> failed(cancelled, cancelled.get() ? cancelledText : failedPrefix + describe(e)));
            }
        });
    }

    /** Stops the running job at its next check. */
    void cancel() {
        running.ifPresent(c -> {
            c.set(true);
            progressText.set("Cancelling…");
        });
    }

    void say(String text, boolean problem) {
        message.set(text);
        messageProblem.set(problem);
    }

    /** Closing cancels a running job; its answer is dropped. */
    @Override
    public void close() {
        closed = true;
        running.ifPresent(c -> c.set(true));
    }

    private void failed(AtomicBoolean run, String text) {
        if (isRunning(run)) {
            finish(0, "");
            say(text, true);
        }
    }

    private void finish(double at, String text) {
        running = Optional.empty();
        working.set(false);
        progress.set(at);
        progressText.set(text);
    }

    private boolean isRunning(AtomicBoolean run) {
        return running.filter(r -> r == run).isPresent();
    }

    private void publish(Runnable change) {
        if (!closed) {
            execute(fx, change);
        }
    }

    private static void execute(Executor executor, Runnable work) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            // closed: the screen is gone, nothing is waiting for the answer
        }
    }

    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
