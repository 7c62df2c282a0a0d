package io.kensa.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class ThreadsTest {
    @Test
    void daemonThreadIsNamedAndNotStarted() {
        Thread t = Threads.daemon("kensa-test", () -> {});
        assertEquals("kensa-test", t.getName());
        assertTrue(t.isDaemon());
        assertEquals(Thread.State.NEW, t.getState());
    }

    @Test
    void singleExecutorRunsOnOneNamedDaemonThread() throws Exception {
        ExecutorService single = Threads.single("kensa-one");
        try {
            Thread worker = single.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
            assertEquals("kensa-one", worker.getName());
            assertTrue(worker.isDaemon());
            assertEquals(worker, single.submit(Thread::currentThread).get(10, TimeUnit.SECONDS));
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void poolNumbersItsDaemonThreads() throws Exception {
        ExecutorService pool = Threads.pool("kensa-pool", 2);
        Set<String> names = ConcurrentHashMap.newKeySet();
        CountDownLatch both = new CountDownLatch(2);
        try {
            for (int i = 0; i < 2; i++) {
                pool.execute(() -> {
                    names.add(Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? "" : " (not daemon)"));
                    both.countDown();
                    try {
                        both.await(10, TimeUnit.SECONDS); // both threads busy at once, so two threads are made
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            assertTrue(both.await(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(Set.of("kensa-pool-1", "kensa-pool-2"), names);
    }

    @Test
    void unnumberedFactoryReusesTheName() {
        var factory = Threads.factory("kensa-same", false);
        List<Thread> made = List.of(factory.newThread(() -> {}), factory.newThread(() -> {}));
        assertTrue(made.stream().allMatch(t -> t.getName().equals("kensa-same") && t.isDaemon()));
        assertFalse(made.get(0) == made.get(1));
    }
}
