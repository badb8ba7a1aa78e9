package org.roomrecorder.plugin.core;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one endpoint's tasks one at a time, in submission order, on the submitting threads: whoever finds it idle
 * runs the queue until it is empty, and everyone else only enqueues and returns. So an endpoint's events never run
 * concurrently, no lock is held while a task calls into the host or a worker (a host that calls back from inside
 * a call cannot deadlock), and an uncontended message is routed without a thread hand-off. A task submitted from
 * inside a task runs after it, never nested in it. A task that throws is logged and the queue goes on.
 */
final class SerialExecutor implements Executor {
    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean();

    @Override
    public void execute(Runnable task) {
        enqueue(task);
        drain();
    }

    /** Queues without running; call {@link #drain} afterwards, outside any lock held while enqueuing. */
    void enqueue(Runnable task) {
        tasks.add(task);
    }

    void drain() {
        // Re-check after releasing: a task enqueued between the last poll and the release would otherwise wait for
        // the next submission.
        while (!tasks.isEmpty() && running.compareAndSet(false, true)) {
            try {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.error("an endpoint task failed; the endpoint's next tasks still run", e);
                    }
                }
            } finally {
                running.set(false);
            }
        }
    }
}
