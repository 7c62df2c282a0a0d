package io.kensa.ui;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

/**
 * A view-model's commands as one step each: the work on {@code background}, then its result, or its failure's
 * message, on {@code fx}; {@link #working()} is true meanwhile, so the view disables the buttons.
 */
final class ScreenWork {
    private final Executor background;
    private final Executor fx;
    private final Consumer<String> failed;
    private final ReadOnlyBooleanWrapper working = new ReadOnlyBooleanWrapper(false);

    /** @param failed shows a failure's message (a person's sentence from the service) on fx */
    ScreenWork(Executor background, Executor fx, Consumer<String> failed) {
        this.background = background;
        this.fx = fx;
        this.failed = failed;
    }

    ReadOnlyBooleanProperty working() {
        return working.getReadOnlyProperty();
    }

    <T> void run(Callable<T> work, Consumer<T> done) {
        working.set(true);
        execute(background, () -> {
            try {
                T result = work.call();
                execute(fx, () -> {
                    working.set(false);
                    done.accept(result);
                });
            } catch (Exception e) {
                execute(fx, () -> {
                    working.set(false);
                    failed.accept(e.getMessage() == null ? e.toString() : e.getMessage());
                });
            }
        });
    }

    private static void execute(Executor executor, Runnable work) {
        try {
            executor.execute(work);
        } catch (RejectedExecutionException e) {
            // closed: the screen is gone, nothing is waiting for the answer
        }
    }
}
