package org.roomrecorder.plugin.hosts.janus;

import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.ReconnectLoop;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.protocol.Text;

/**
 * Keeps one Janus session alive: connects, creates the session, sends keepalives, and when the WebSocket drops,
 * a keepalive goes unanswered or Janus times the session out, reports the loss and reconnects with backoff. Every
 * transition runs on the adapter's executor.
 */
final class JanusLink {
    /** What the host learns from the link; called on the adapter's executor. */
    interface Listener {
        void connected(JanusSession session);

        void disconnected(String reason);
    }

    private final JanusConfig config;
    private final ScheduledExecutorService executor;
    private final Listener listener;
    private final Logger log;
    private final RemoteLog remoteLog;
    private final HttpClient client;
    private final ReconnectLoop loop;
    private volatile JanusSession session;
    private ScheduledFuture<?> keepalive;

    JanusLink(JanusConfig config, ScheduledExecutorService executor, Listener listener, Logger log,
            RemoteLog remoteLog) {
        this.config = config;
        this.executor = executor;
        this.listener = listener;
        this.log = log.createChildLogger(JanusLink.class.getName());
        this.remoteLog = remoteLog;
        this.client = HttpClient.newBuilder().connectTimeout(config.requestTimeout()).build();
        this.loop = new ReconnectLoop(executor, config.reconnectMinDelay(), config.reconnectMaxDelay(), this::connect);
    }

    void start() {
        loop.start();
    }

    /** The live session, or null while disconnected. */
    JanusSession session() {
        return session;
    }

    private void connect(int current) {
        JanusConnection.open(client, config, message -> inbound(current, message),
                        reason -> executor.execute(() -> lost(current, reason)), remoteLog, log)
                .thenCompose(connection -> JanusSession.create(connection, log)
                        .whenComplete((created, failure) -> {
                            if (failure != null) {
                                connection.close("no session: " + JanusException.describe(failure));
                            }
                        }))
                .whenCompleteAsync((created, failure) -> established(current, created, failure), executor);
    }

    private void established(int current, JanusSession created, Throwable failure) {
        if (failure != null) {
            if (loop.wants(current)) {
                loop.retry(delay -> log.warn("no Janus session at " + config.url() + ": "
                        + JanusException.describe(failure) + "; retrying in " + delay.toMillis() + " ms"));
            }
            return;
        }
        if (!loop.wants(current)) {
            created.close("superseded");
            return;
        }
        session = created;
        loop.connected();
        long interval = config.keepaliveInterval().toMillis();
        keepalive = executor.scheduleWithFixedDelay(() -> keepAlive(created), interval, interval,
                TimeUnit.MILLISECONDS);
        log.info(() -> "connected to Janus at " + config.url() + ", session " + Long.toUnsignedString(created.id()));
        listener.connected(created);
    }

    private void keepAlive(JanusSession alive) {
        alive.keepalive().whenComplete((reply, failure) -> {
            if (failure != null) {
                alive.close("keepalive failed: " + JanusException.describe(failure));
            }
        });
    }

    /** Runs on the WebSocket's thread: a session timeout ends the connection, everything else goes to its handle. */
    private void inbound(int current, JanusMessage message) {
        JanusSession live = session;
        if (live == null || !loop.isCurrent(current)) {
            log.debug(() -> "dropped '" + message.janus() + "' that arrived before the session");
            return;
        }
        if (!live.dispatch(message)) {
            live.close("Janus timed the session out");
        }
    }

    private void lost(int current, String reason) {
        if (!loop.isCurrent(current) || session == null) {
            return; // a failed attempt, already retried
        }
        session = null;
        keepalive.cancel(false);
        loop.retry(delay -> {
            log.warn("lost Janus (" + Text.printable(reason) + "); reconnecting in " + delay.toMillis() + " ms");
            listener.disconnected(reason);
        });
    }

    /** Destroys the session and stops reconnecting; completes when the connection is closed. On the executor. */
    CompletableFuture<Void> close() {
        loop.close();
        JanusSession live = session;
        if (live == null) {
            return CompletableFuture.completedFuture(null);
        }
        keepalive.cancel(false);
        return live.destroy();
    }
}
