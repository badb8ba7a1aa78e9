package org.roomrecorder.plugin.hosts;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.roomrecorder.plugin.worker.Backoff;

/**
 * The connect attempts of a host adapter's link to its server. Each attempt is numbered, so that what a superseded
 * one brings can be told apart and dropped; a failed or lost connection is tried again after a {@link Backoff} delay
 * that starts over once a connection is established; closing stops the attempts for good. Runs on the adapter's
 * one-thread executor; only {@link #isCurrent} may be asked from another thread.
 */
public final class ReconnectLoop {
    private final ScheduledExecutorService executor;
    private final Backoff backoff;
    private final IntConsumer connect;
    private ScheduledFuture<?> reconnect;
    private volatile int attempt;
    private boolean closed;

    /** @param connect starts the attempt with the given number; on the executor */
    public ReconnectLoop(ScheduledExecutorService executor, Duration minDelay, Duration maxDelay,
            IntConsumer connect) {
        this.executor = executor;
        this.backoff = new Backoff(minDelay, maxDelay);
        this.connect = connect;
    }

    public void start() {
        executor.execute(this::connect);
    }

    private void connect() {
        if (closed) {
            return;
        }
        connect.accept(++attempt);
    }

    /** Whether no attempt was started after this one. */
    public boolean isCurrent(int attempt) {
        return attempt == this.attempt;
    }

    /** Whether what this attempt brings is still wanted: it is the newest, and the loop was not closed. */
    public boolean wants(int attempt) {
        return isCurrent(attempt) && !closed;
    }

    /** A connection is established: the next wait is the shortest again. */
    public void connected() {
        backoff.reset();
    }

    /**
     * Unless the loop was closed, starts the next attempt after the backoff delay; {@code before} is told the delay
     * first, for its log line and for whatever has to happen before the loop waits.
     */
    public void retry(Consumer<Duration> before) {
        if (closed) {
            return;
        }
        Duration delay = backoff.next();
        before.accept(delay);
        reconnect = executor.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Cancels a waiting attempt and starts no more. */
    public void close() {
        closed = true;
        if (reconnect != null) {
            reconnect.cancel(false);
        }
    }
}
