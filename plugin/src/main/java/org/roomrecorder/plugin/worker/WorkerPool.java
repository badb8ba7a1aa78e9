package org.roomrecorder.plugin.worker;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.roomrecorder.plugin.metrics.Health;
import org.roomrecorder.plugin.metrics.PluginMetrics;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.ToPlugin;
import org.roomrecorder.protocol.transport.ProtocolClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers: keeps each configured one connected, places sessions on the least-loaded connection with capacity,
 * holds sessions in a bounded waiting room while none has any, and reports a lost connection's sessions so they can
 * be placed again. One small lock guards placement bookkeeping; no I/O and no callback runs under it.
 */
public final class WorkerPool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkerPool.class);

    /** Where the workers' session messages go: the routing core. Called on each connection's I/O thread. */
    public interface Inbound {
        void message(WorkerConnection from, ToPlugin message);

        void error(WorkerConnection from, ErrorMessage error);
    }

    private final WorkerPoolConfig config;
    private final ProtocolClient client;
    private final ScheduledExecutorService timer;
    private final ExecutorService connector;
    private final PluginMetrics metrics;
    private final Clock clock;
    private final Object lock = new Object();
    private final List<WorkerConnection> live = new ArrayList<>();
    private final WaitingRoom waiting = new WaitingRoom();
    private final List<WorkerLink> links = new ArrayList<>();
    private volatile boolean closed;

    /**
     * @param connector runs connection attempts, which block for up to the handshake timeout
     */
    public WorkerPool(WorkerPoolConfig config, ProtocolClient client, ScheduledExecutorService timer,
            ExecutorService connector, PluginMetrics metrics, Clock clock) {
        this.config = requireNonNull(config, "config is null");
        this.client = requireNonNull(client, "client is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.connector = requireNonNull(connector, "connector is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Starts connecting to every worker; sessions placed before one is up wait in the waiting room. */
    public void start(Inbound inbound) {
        synchronized (lock) {
            for (WorkerEndpoint endpoint : config.workers()) {
                metrics.workerDown(endpoint.name());
                links.add(new WorkerLink(endpoint, links.size(), this, client, timer, connector, inbound,
                        new Backoff(config.reconnectMinDelay(), config.reconnectMaxDelay())));
            }
        }
        links.forEach(link -> link.connectAfter(Duration.ZERO));
        long tick = Math.max(10, Math.min(1000, config.maxWait().toMillis() / 4));
        timer.scheduleWithFixedDelay(this::expireWaiting, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** Places a session now if a worker has capacity, else lets it wait (or refuses it when the room is full). */
    public void place(PlacementListener session) {
        WorkerConnection chosen;
        String refusal = null;
        String unavailable = null;
        synchronized (lock) {
            chosen = closed ? null : choose();
            if (chosen != null) {
                reserve(chosen, session);
            } else if (closed) {
                refusal = "shutdown";
            } else if (waiting.size() >= config.maxWaitingSessions()) {
                refusal = "waiting-room-full";
                unavailable = describeWorkers();
            } else {
                waiting.add(session, clock.instant());
                metrics.waitingForWorker(waiting.size());
                unavailable = describeWorkers();
            }
        }
        if (chosen != null) {
            session.placed(chosen);
        } else if (refusal != null) {
            metrics.placementRefused(refusal);
            session.refused(refusal.equals("shutdown") ? "the plugin is shutting down"
                    : config.maxWaitingSessions() + " sessions already wait for a worker (" + unavailable + ")");
        } else {
            session.waiting("no worker has capacity (" + unavailable + ")");
        }
    }

    /** Takes a session out of the waiting room; true if it was waiting. */
    public boolean cancel(PlacementListener session) {
        synchronized (lock) {
            boolean removed = waiting.remove(session);
            metrics.waitingForWorker(waiting.size());
            return removed;
        }
    }

    /** The session no longer occupies the connection; a waiting session may take its place. */
    public void release(WorkerConnection worker, PlacementListener session) {
        synchronized (lock) {
            if (worker.sessions().remove(session)) {
                // Whatever filled the worker beyond our sessions (its orphans, another plugin's) may have gone too.
                worker.restoreCapacity();
                metrics.workerLoad(worker.worker(), worker.load(), worker.capacity());
            }
        }
        drainWaiting();
    }

    /**
     * The worker refused {@code session} for capacity although it had reported room: the session leaves it, and no
     * more are placed there until one of its sessions ends (then its announced capacity holds again).
     */
    public void refusedForCapacity(WorkerConnection worker, PlacementListener session) {
        synchronized (lock) {
            worker.sessions().remove(session);
            worker.lowerCapacity(worker.load());
            metrics.workerLoad(worker.worker(), worker.load(), worker.capacity());
        }
        drainWaiting();
    }

    /** Called by a link once a connection is open; false if it closed already. */
    boolean connected(WorkerConnection worker) {
        synchronized (lock) {
            if (worker.phase() != WorkerConnection.Phase.HANDSHAKE || closed) {
                return false;
            }
            worker.phase(WorkerConnection.Phase.UP);
            live.add(worker);
            metrics.workerConnected(worker.worker(), worker.capacity());
        }
        drainWaiting();
        return true;
    }

    /** Called by a link when a connection closes; true if the pool had it (its sessions are then told). */
    boolean lost(WorkerConnection worker, String reason) {
        List<PlacementListener> orphans;
        synchronized (lock) {
            boolean wasUp = worker.phase() == WorkerConnection.Phase.UP;
            worker.phase(WorkerConnection.Phase.DOWN);
            if (!wasUp) {
                return false;
            }
            live.remove(worker);
            orphans = new ArrayList<>(worker.sessions());
            worker.sessions().clear();
            metrics.workerLost(worker.worker());
        }
        Instant at = clock.instant();
        if (!orphans.isEmpty()) {
            log.warn("[worker={}] lost with {} live sessions; placing them again", worker.worker(), orphans.size());
        }
        for (PlacementListener orphan : orphans) {
            orphan.workerLost(worker, at, reason);
        }
        return true;
    }

    private WorkerConnection choose() {
        WorkerConnection best = null;
        for (WorkerConnection candidate : live) {
            if (candidate.load() >= candidate.capacity()) {
                continue;
            }
            if (best == null || isBetter(candidate, best)) {
                best = candidate;
            }
        }
        return best;
    }

    /** Larger free share first, then fewer sessions, then the order of the configuration. */
    private static boolean isBetter(WorkerConnection candidate, WorkerConnection best) {
        if (candidate.freeShare() != best.freeShare()) {
            return candidate.freeShare() > best.freeShare();
        }
        if (candidate.load() != best.load()) {
            return candidate.load() < best.load();
        }
        return candidate.order() < best.order();
    }

    private void reserve(WorkerConnection worker, PlacementListener session) {
        worker.sessions().add(session);
        metrics.workerLoad(worker.worker(), worker.load(), worker.capacity());
    }

    private void drainWaiting() {
        while (true) {
            PlacementListener next;
            WorkerConnection chosen;
            synchronized (lock) {
                if (waiting.isEmpty() || closed) {
                    return;
                }
                chosen = choose();
                if (chosen == null) {
                    return;
                }
                next = waiting.pollOldest();
                reserve(chosen, next);
                metrics.waitingForWorker(waiting.size());
            }
            next.placed(chosen);
        }
    }

    private void expireWaiting() {
        List<PlacementListener> expired;
        synchronized (lock) {
            expired = waiting.removeWaitingSince(clock.instant().minus(config.maxWait()));
            if (expired.isEmpty()) {
                return;
            }
            metrics.waitingForWorker(waiting.size());
        }
        String reason = "no worker had capacity within " + config.maxWait().toMillis() + " ms (" + describe() + ")";
        for (PlacementListener session : expired) {
            metrics.placementRefused("wait-expired");
            session.refused(reason);
        }
    }

    private String describeWorkers() {
        return links.stream().map(link -> link.name() + " " + linkState(link)).collect(Collectors.joining(", "));
    }

    private String linkState(WorkerLink link) {
        for (WorkerConnection connection : live) {
            if (connection.worker().equals(link.name())) {
                return connection.load() >= connection.capacity()
                        ? "full (" + connection.load() + " of " + connection.capacity() + ")"
                        : "has room (" + connection.load() + " of " + connection.capacity() + ")";
            }
        }
        return link.state();
    }

    /** One line about every worker, for logs and {@code /health}. */
    public String describe() {
        synchronized (lock) {
            return describeWorkers() + "; " + waiting.size() + " sessions waiting";
        }
    }

    public Health health() {
        synchronized (lock) {
            return new Health(!live.isEmpty(), live.size() + " of " + links.size() + " workers connected: "
                    + describeWorkers() + "; " + waiting.size() + " sessions waiting");
        }
    }

    /** Sessions placed on open connections plus sessions waiting; zero when nothing is recorded. */
    public int occupancy() {
        synchronized (lock) {
            int placed = 0;
            for (WorkerConnection connection : live) {
                placed += connection.load();
            }
            return placed + waiting.size();
        }
    }

    /** Stops reconnecting, refuses waiting sessions and closes every connection. */
    @Override
    public void close() {
        List<PlacementListener> stillWaiting;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            stillWaiting = waiting.removeAll();
            metrics.waitingForWorker(0);
        }
        for (PlacementListener session : stillWaiting) {
            metrics.placementRefused("shutdown");
            session.refused("the plugin is shutting down");
        }
        links.forEach(WorkerLink::close);
        connector.shutdownNow();
    }
}
