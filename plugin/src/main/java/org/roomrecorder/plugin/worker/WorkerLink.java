package org.roomrecorder.plugin.worker;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.ProtocolException;
import org.roomrecorder.protocol.Text;
import org.roomrecorder.protocol.ToPlugin;
import org.roomrecorder.protocol.transport.Connection;
import org.roomrecorder.protocol.transport.ProtocolClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one configured worker connected: connects, reports each open connection to the pool, and after a failure
 * or a loss tries again with exponential backoff until the pool closes.
 */
final class WorkerLink {
    private static final Logger log = LoggerFactory.getLogger(WorkerLink.class);
    /** After the first failed attempt, further failures are logged at warn at most this often. */
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final WorkerEndpoint endpoint;
    private final int order;
    private final WorkerPool pool;
    private final ProtocolClient client;
    private final ScheduledExecutorService timer;
    private final Executor connector;
    private final WorkerPool.Inbound inbound;
    private final Backoff backoff;
    private final String logPrefix;
    private volatile boolean closed;
    private volatile WorkerConnection current;
    private volatile String state = "not connected yet";
    private int failures;
    private long lastWarnNanos;

    WorkerLink(WorkerEndpoint endpoint, int order, WorkerPool pool, ProtocolClient client, ScheduledExecutorService timer,
            Executor connector, WorkerPool.Inbound inbound, Backoff backoff) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.order = order;
        this.pool = requireNonNull(pool, "pool is null");
        this.client = requireNonNull(client, "client is null");
        this.timer = requireNonNull(timer, "timer is null");
        this.connector = requireNonNull(connector, "connector is null");
        this.inbound = requireNonNull(inbound, "inbound is null");
        this.backoff = requireNonNull(backoff, "backoff is null");
        this.logPrefix = "[worker=" + endpoint.name() + "] ";
    }

    String name() {
        return endpoint.name();
    }

    /** Why the worker is not usable, or "connected". */
    String state() {
        return state;
    }

    void connectAfter(Duration delay) {
        if (closed) {
            return;
        }
        try {
            timer.schedule(() -> connector.execute(this::connect), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            log.debug("{}not reconnecting: the pool is closing", logPrefix);
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        WorkerConnection connection = new WorkerConnection(endpoint.name(), order);
        try {
            ProtocolClient.Session session = client.connect(endpoint.socket(), new Listener(connection));
            connection.attach(session.connection(), session.welcome());
            if (closed) {
                connection.close("the plugin is shutting down");
                return;
            }
            // Set before the pool has it, so that a close from here on (onClosed) is what the state shows last.
            current = connection;
            state = "connected";
            if (!pool.connected(connection)) {
                // It closed between the handshake and here; onClosed saw it before the pool did.
                current = null;
                state = "down (closed right after the handshake)";
                connectAfter(backoff.next());
                return;
            }
            backoff.reset();
            failures = 0;
            log.info("{}connected to {} (worker id {}, capacity {})", logPrefix, endpoint.socket(),
                    Text.printable(session.welcome().workerId()), session.welcome().capacity());
        } catch (IOException | ProtocolException e) {
            failed(e.getMessage());
        } catch (RuntimeException e) {
            log.error("{}connecting to {} failed unexpectedly", logPrefix, endpoint.socket(), e);
            failed(e.toString());
        }
    }

    private void failed(String reason) {
        state = "down (" + reason + ")";
        failures++;
        long now = System.nanoTime();
        if (failures == 1 || now - lastWarnNanos > WARN_EVERY_NANOS) {
            lastWarnNanos = now;
            log.warn("{}cannot connect to {}: {} ({} attempts so far; retrying with backoff)", logPrefix,
                    endpoint.socket(), reason, failures);
        } else {
            log.debug("{}cannot connect to {}: {}", logPrefix, endpoint.socket(), reason);
        }
        connectAfter(backoff.next());
    }

    void close() {
        closed = true;
        WorkerConnection connection = current;
        if (connection != null) {
            connection.close("the plugin is shutting down");
        }
    }

    private final class Listener implements Connection.Listener<ToPlugin> {
        private final WorkerConnection connection;

        Listener(WorkerConnection connection) {
            this.connection = connection;
        }

        @Override
        public void onMessage(Connection<ToPlugin> transport, ToPlugin message) {
            inbound.message(connection, message);
        }

        @Override
        public void onError(Connection<ToPlugin> transport, ErrorMessage error) {
            inbound.error(connection, error);
        }

        @Override
        public void onClosed(Connection<ToPlugin> transport, String reason) {
            if (!pool.lost(connection, reason)) {
                return;
            }
            current = null;
            state = "down (lost: " + reason + ")";
            if (!closed) {
                log.warn("{}lost the connection: {}; reconnecting", logPrefix, reason);
                connectAfter(backoff.next());
            }
        }
    }
}
