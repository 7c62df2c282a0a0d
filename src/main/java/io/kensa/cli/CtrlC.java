package io.kensa.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ctrl-C as a cancel flag for a long command: the JVM's shutdown waits (up to 30 s) until the work has stopped and
 * cleaned up (a partial export folder removed, nothing published) and this is closed.
 */
final class CtrlC implements AutoCloseable {
    private final AtomicBoolean pressed = new AtomicBoolean();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    CtrlC(String threadName) {
        hook = new Thread(() -> {
            pressed.set(true);
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, threadName);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    boolean pressed() {
        return pressed.get();
    }

    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook is already running
        }
    }
}
