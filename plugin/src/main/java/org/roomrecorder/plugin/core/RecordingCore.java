package org.roomrecorder.plugin.core;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.metrics.PluginMetrics;
import org.roomrecorder.plugin.spi.ConferenceHost;
import org.roomrecorder.plugin.worker.WorkerPool;

/**
 * The routing core: takes the host's room events and subscription signaling and the workers' replies, and routes
 * every message by direct lookup in one route table. It never names a host; it knows workers only by the pool.
 */
public final class RecordingCore {
    private final CoreContext ctx;
    private final Logger log;
    private final ConferenceEvents events;
    private final HostSignalRouter signals;
    private final WorkerMessageRouter inbound;
    private volatile boolean closing;

    public RecordingCore(ConferenceHost host, WorkerPool pool, RecordRules rules, RoutingConfig config,
            PluginMetrics metrics, ScheduledExecutorService timer, Clock clock, Logger logger) {
        this.log = logger.createChildLogger(RecordingCore.class.getName());
        this.ctx = new CoreContext(host, pool, new RouteTable(config), rules, config, metrics,
                new RouteDrops(metrics, log), timer, clock);
        this.events = new ConferenceEvents(ctx, log, () -> closing);
        this.signals = new HostSignalRouter(ctx);
        this.inbound = new WorkerMessageRouter(ctx, log);
    }

    /** Connects the workers, then starts the host, which may report endpoints already in their rooms at once. */
    public void start() throws Exception {
        ctx.pool().start(inbound);
        ctx.host().start(events, signals);
        log.info("started");
    }

    /** The live route table's size, for health, tests and leak checks. */
    public RoutingSnapshot routes() {
        return ctx.routes().snapshot();
    }

    /** Every live session and its state; for diagnosing a test. */
    String describeSessions() {
        return ctx.routes().describeSessions();
    }

    /**
     * Ends every recording ({@code close} to its worker, unsubscribes), waits up to {@code timeout} for the workers'
     * {@code closed}, then stops the host and disconnects the workers.
     */
    public void close(Duration timeout) {
        if (closing) {
            return;
        }
        closing = true;
        for (EndpointRecorder recorder : ctx.routes().endpoints()) {
            recorder.execute(recorder::shutdown);
        }
        // Sessions end on their own executors when their workers answer 'closed', or never if a worker is gone:
        // a short poll against the shutdown deadline covers both without a completion signal per session.
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ctx.routes().snapshot().sessions() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int unfinished = ctx.routes().snapshot().sessions();
        if (unfinished > 0) {
            log.warn(unfinished + " sessions did not report 'closed' within " + timeout.toMillis() + " ms");
        }
        try {
            ctx.host().close();
        } catch (RuntimeException e) {
            log.warn("the host failed to close", e);
        }
        ctx.pool().close();
        log.info("stopped");
    }
}
