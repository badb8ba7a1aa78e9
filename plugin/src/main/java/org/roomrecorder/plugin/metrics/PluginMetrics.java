package org.roomrecorder.plugin.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Every metric of the plugin, on its own registry (never the process-wide default one, so an embedding host's
 * metrics and a test's second instance do not collide). Names start with {@code room_recorder_plugin_}.
 */
public final class PluginMetrics {
    private static final String PREFIX = "room_recorder_plugin_";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge sessions = Gauge.builder().name(PREFIX + "sessions")
            .help("Recording sessions by state").labelNames("state").register(registry);
    private final Counter routed = Counter.builder().name(PREFIX + "messages_routed")
            .help("Signaling messages delivered to their session's worker or subscription")
            .labelNames("kind", "direction").register(registry);
    private final Counter unknownRoutes = Counter.builder().name(PREFIX + "unknown_routes")
            .help("Messages dropped because no session was ever known under their address")
            .labelNames("kind", "direction").register(registry);
    private final Counter staleRoutes = Counter.builder().name(PREFIX + "stale_routes")
            .help("Messages dropped because their session is over (a closed generation or a retired host key)")
            .labelNames("kind", "direction").register(registry);
    private final Counter dropped = Counter.builder().name(PREFIX + "messages_dropped")
            .help("Messages of a live route dropped on purpose, by reason").labelNames("kind", "reason")
            .register(registry);
    private final Counter duplicateEvents = Counter.builder().name(PREFIX + "duplicate_events")
            .help("Host events that changed nothing (Janus reports unpublished twice)").labelNames("event")
            .register(registry);
    private final Counter signalsQueued = Counter.builder().name(PREFIX + "signals_queued")
            .help("Candidates and offers held until the offer was forwarded and the worker had opened the session")
            .register(registry);
    private final Counter signalQueueOverflows = Counter.builder().name(PREFIX + "signal_queue_overflows")
            .help("Sessions closed because their signal queue overflowed").register(registry);
    private final Counter sessionsReplaced = Counter.builder().name(PREFIX + "sessions_replaced")
            .help("Sessions re-placed on another worker after their worker was lost").register(registry);
    private final Gauge workerUp = Gauge.builder().name(PREFIX + "worker_up")
            .help("1 while the worker's connection is open, else 0").labelNames("worker").register(registry);
    private final Gauge workerSessions = Gauge.builder().name(PREFIX + "worker_sessions")
            .help("Sessions placed on the worker").labelNames("worker").register(registry);
    private final Gauge workerCapacity = Gauge.builder().name(PREFIX + "worker_capacity")
            .help("Sessions the worker accepts, as it reported (lowered when it refuses for capacity)")
            .labelNames("worker").register(registry);
    private final Counter workerConnects = Counter.builder().name(PREFIX + "worker_connects")
            .help("Connections opened to the worker").labelNames("worker").register(registry);
    private final Counter workerLosses = Counter.builder().name(PREFIX + "worker_losses")
            .help("Open connections to the worker that closed").labelNames("worker").register(registry);
    private final Gauge waiting = Gauge.builder().name(PREFIX + "sessions_waiting_for_worker")
            .help("Sessions waiting because no worker has capacity").register(registry);
    private final Counter placementsRefused = Counter.builder().name(PREFIX + "placements_refused")
            .help("Sessions given up because no worker took them, by reason").labelNames("reason")
            .register(registry);

    public PrometheusRegistry registry() {
        return registry;
    }

    public void sessionMoved(String from, String to) {
        if (from != null) {
            sessions.labelValues(from).dec();
        }
        if (to != null) {
            sessions.labelValues(to).inc();
        }
    }

    public void routed(String kind, Direction direction) {
        routed.labelValues(kind, direction.label()).inc();
    }

    public void unknownRoute(String kind, Direction direction) {
        unknownRoutes.labelValues(kind, direction.label()).inc();
    }

    public void staleRoute(String kind, Direction direction) {
        staleRoutes.labelValues(kind, direction.label()).inc();
    }

    public void dropped(String kind, String reason) {
        dropped.labelValues(kind, reason).inc();
    }

    public void duplicateEvent(String event) {
        duplicateEvents.labelValues(event).inc();
    }

    public void signalQueued() {
        signalsQueued.inc();
    }

    public void signalQueueOverflow() {
        signalQueueOverflows.inc();
    }

    public void sessionReplaced() {
        sessionsReplaced.inc();
    }

    public void workerConnected(String worker, int capacity) {
        workerConnects.labelValues(worker).inc();
        workerUp.labelValues(worker).set(1);
        workerCapacity.labelValues(worker).set(capacity);
        workerSessions.labelValues(worker).set(0);
    }

    public void workerLost(String worker) {
        workerLosses.labelValues(worker).inc();
        workerUp.labelValues(worker).set(0);
        workerSessions.labelValues(worker).set(0);
    }

    public void workerDown(String worker) {
        workerUp.labelValues(worker).set(0);
    }

    public void workerLoad(String worker, int sessionsPlaced, int capacity) {
        workerSessions.labelValues(worker).set(sessionsPlaced);
        workerCapacity.labelValues(worker).set(capacity);
    }

    public void waitingForWorker(int count) {
        waiting.set(count);
    }

    public void placementRefused(String reason) {
        placementsRefused.labelValues(reason).inc();
    }
}
