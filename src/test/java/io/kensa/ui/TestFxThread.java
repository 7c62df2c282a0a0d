package io.kensa.ui;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A single thread standing in for the FX thread in plain JUnit view-model tests: the view-model's {@code fx}
 * executor, and the test's way to read its state and call its commands there, as a view would.
 */
final class TestFxThread implements Executor {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-fx"));

    @Override
    public void execute(Runnable command) {
        thread.execute(command);
    }

    /** Reads view-model state on this thread. */
    <T> T get(Callable<T> read) throws Exception {
        return thread.submit(read).get(30, TimeUnit.SECONDS);
    }

    /** Runs a command on this thread and waits for it. */
    void run(Runnable command) throws Exception {
        thread.submit(command).get(30, TimeUnit.SECONDS);
    }

    /**
     * Waits until the condition, checked on this thread, holds (the background work has been published); fails
     * after {@code seconds} with what {@code state} says then.
     */
    void await(BooleanSupplier condition, int seconds, Supplier<String> state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!get(condition::getAsBoolean)) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within " + seconds + " s; " + get(state::get));
            }
            Thread.sleep(20);
        }
    }

    void shutdownNow() {
        thread.shutdownNow();
    }
}
