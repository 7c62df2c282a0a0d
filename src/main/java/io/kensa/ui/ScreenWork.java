package io.kensa.ui;

import io.kensa.detect.Progress;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The one background-job piece of the view-models: a command's work on {@code background}, then its result, or its
 * failure's message, on {@code fx}; {@link #working()} is true meanwhile, so the view disables the buttons. Long work
 * ({@link #start}) also reports progress and can be cancelled, one such job at a time. Every property is written on
 * {@code fx} only.
 */
final class ScreenWork implements AutoCloseable {
    /** Work that reports progress and checks {@code cancelled}. */
    @FunctionalInterface
    interface Job<T> {
        T run(Progress progress, BooleanSupplier cancelled) throws Exception;
    }

    private final Executor background;
    private final Executor fx;
    private final Consumer<String> failed;
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageProblem = new ReadOnlyBooleanWrapper(false);
    /** the cancellable job's flag while it runs */
    private Optional<AtomicBoolean> running = Optional.empty();
    /** steps begun and not yet ended (a step's answer may begin the next one) */
    private int active;
    private volatile boolean closed;

    /** @param failed shows a failure's message (a person's sentence from the service) on fx */
    ScreenWork(Executor background, Executor fx, Consumer<String> failed) {
        this.background = background;
        this.fx = fx;
        this.failed = failed;
    }

    /** A failure's message is shown on {@link #message()}, as a problem. */
    ScreenWork(Executor background, Executor fx) {
        this.background = background;
        this.fx = fx;
        this.failed = text -> say(text, true);
    }

    ReadOnlyBooleanProperty working() { return working.getReadOnlyProperty(); }
    ReadOnlyDoubleProperty progress() { return progress.getReadOnlyProperty(); }
    ReadOnlyStringProperty progressText() { return progressText.getReadOnlyProperty(); }
    ReadOnlyStringProperty message() { return message.getReadOnlyProperty(); }
    ReadOnlyBooleanProperty messageProblem() { return messageProblem.getReadOnlyProperty(); }

    /** A short step: {@code done} gets its result on fx; the message line is left as it is. */
    <T> void run(Callable<T> work, Consumer<T> done) {
        active++;
        working.set(true);
        launch(new AtomicBoolean(), "", "", (p, c) -> work.call(), done);
    }

    /** A step that cannot be cancelled halfway (e.g. a publish), saying {@code startText} while it runs. */
    <T> void run(String startText, Callable<T> work, Consumer<T> done) {
        begin(startText);
        launch(new AtomicBoolean(), "", "", (p, c) -> work.call(), done);
    }

    /** A read that leaves the commands enabled; a failure says {@code failedPrefix} and the reason. */
    <T> void read(String failedPrefix, Callable<T> work, Consumer<T> done) {
        execute(background, () -> {
            try {
                T result = work.call();
                publish(() -> done.accept(result));
            } catch (Exception e) {
                publish(() -> failed.accept(failedPrefix + describe(e)));
            }
        });
    }

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
        begin(startText);
        launch(cancelled, cancelledText, failedPrefix, job, done);
    }

    /**
     * Work another piece carries out and answers on fx (e.g. the signature question, which runs a publication once the
     * password is right): working from now until {@code step} calls its result or its failure's message.
     */
    <T> void handOver(String startText, BiConsumer<Consumer<T>, Consumer<String>> step, Consumer<T> done) {
        AtomicBoolean job = new AtomicBoolean();
        begin(startText);
        step.accept(result -> succeed(job, done, result), text -> fail(job, text));
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

    private void begin(String startText) {
        active++;
        working.set(true);
        progress.set(0);
        progressText.set(startText);
        say("", false);
    }

    private <T> void launch(AtomicBoolean cancelled, String cancelledText, String failedPrefix, Job<T> job,
                            Consumer<T> done) {
        execute(background, () -> {
            try {
                T result = job.run((fraction, text) -> publish(() -> {
                    if (!cancelled.get()) {
                        progress.set(fraction);
                        progressText.set(text);
                    }
                }), cancelled::get);
                publish(() -> {
                    if (cancelled.get()) { // cancelled after its last check: the result is not taken
                        fail(cancelled, cancelledText);
                    } else {
                        succeed(cancelled, done, result);
                    }
                });
            } catch (CancellationException e) {
                publish(() -> fail(cancelled, cancelledText));
            } catch (Exception e) {
                publish(() -> fail(cancelled, cancelled.get() ? cancelledText : failedPrefix + describe(e)));
            }
        });
    }

    // the commands come back last, when everything they act on is shown
    private <T> void succeed(AtomicBoolean job, Consumer<T> done, T result) {
        progress.set(1);
        progressText.set("");
        try {
            done.accept(result);
        } finally {
            end(job);
        }
    }

    private void fail(AtomicBoolean job, String text) {
        progress.set(0);
        progressText.set("");
        try {
            failed.accept(text);
        } finally {
            end(job);
        }
    }

    private void end(AtomicBoolean job) {
        if (running.filter(r -> r == job).isPresent()) {
            running = Optional.empty();
        }
        active--;
        working.set(active > 0);
    }

    /** Hands a property change to the fx executor; after {@link #close()} nobody is waiting for it. */
    private void publish(Runnable change) {
        if (!closed) {
            execute(fx, change);
        }
    }

    /**
     * Hands {@code work} to {@code executor}; false when it has shut down: the screen is gone and nothing is waiting
     * for the answer.
     */
    static boolean execute(Executor executor, Runnable work) {
        try {
            executor.execute(work);
            return true;
        } catch (RejectedExecutionException closed) {
            return false;
        }
    }

    /** The first message along the causes, else the exception's name: a sentence for a person. */
    static String describe(Throwable e) {
        Throwable cause = e;
        while (cause.getMessage() == null && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
