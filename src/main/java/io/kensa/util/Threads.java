package io.kensa.util;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named daemon threads: a stuck call is visible by name in a thread dump, and no worker keeps the app alive after
 * its window closes.
 */
public final class Threads {
    private Threads() {}

    /** A daemon thread named {@code name}, not started. */
    public static Thread daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        return t;
    }

    /** Makes daemon threads named {@code name} (one thread) or {@code prefix-1}, {@code prefix-2}, … when numbered. */
    public static ThreadFactory factory(String name, boolean numbered) {
        AtomicInteger n = new AtomicInteger();
        return r -> daemon(numbered ? name + "-" + n.incrementAndGet() : name, r);
    }

    /** One named daemon thread working through a queue. */
    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(factory(name, false));
    }

    /** Daemon threads made as work comes and ended when idle, named {@code prefix-1}, {@code prefix-2}, … */
    public static ExecutorService cached(String prefix) {
        return Executors.newCachedThreadPool(factory(prefix, true));
    }

    /** {@code size} daemon threads named {@code prefix-1} … {@code prefix-size}. */
    public static ExecutorService pool(String prefix, int size) {
        return Executors.newFixedThreadPool(size, factory(prefix, true));
    }

    /**
     * Interrupts a worker thread and waits up to {@code millis} for it to end; an interrupt of the caller while it
     * waits is kept for the caller.
     */
    public static void stop(Thread thread, long millis) {
        thread.interrupt();
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
