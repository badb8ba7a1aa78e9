package org.roomrecorder.plugin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The endpoint's serial executor")
class SerialExecutorTest {
    private final SerialExecutor executor = new SerialExecutor();

    @Test
    @DisplayName("runs a task on the caller's thread when idle")
    void inline() {
        Thread[] ran = new Thread[1];
        executor.execute(() -> ran[0] = Thread.currentThread());
        assertEquals(Thread.currentThread(), ran[0]);
    }

    @Test
    @DisplayName("runs a task submitted from a task after it, never nested in it")
    void noNesting() {
        List<String> order = new ArrayList<>();
        executor.execute(() -> {
            order.add("outer start");
            executor.execute(() -> order.add("inner"));
            order.add("outer end");
        });
        assertEquals(List.of("outer start", "outer end", "inner"), order);
    }

    @Test
    @DisplayName("goes on after a task throws")
    void survivesFailures() {
        List<String> order = new ArrayList<>();
        executor.execute(() -> {
            executor.execute(() -> order.add("next"));
            throw new IllegalStateException("expected by the test");
        });
        assertEquals(List.of("next"), order);
    }

    @Test
    @DisplayName("never runs two tasks at once, and loses none, under contention")
    void serialUnderContention() throws Exception {
        int threads = 4;
        int perThread = 20_000;
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int[] count = new int[1];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    executor.execute(() -> {
                        if (running.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        count[0]++;
                        running.decrementAndGet();
                    });
                }
            });
            thread.start();
            submitters.add(thread);
        }
        start.countDown();
        for (Thread thread : submitters) {
            thread.join();
        }
        executor.execute(() -> { });
        assertEquals(0, overlaps.get());
        assertEquals(threads * perThread, count[0]);
        assertTrue(running.get() == 0);
    }
}
