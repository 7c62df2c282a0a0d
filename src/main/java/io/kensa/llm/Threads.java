package io.kensa.llm;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Named daemon worker threads, so a stuck call is visible in a thread dump and never keeps the app alive. */
final class Threads {
    private Threads() {}

    static ExecutorService pool(String prefix, int size) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(size, r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
