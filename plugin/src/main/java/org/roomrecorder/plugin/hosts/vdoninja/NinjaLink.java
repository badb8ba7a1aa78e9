package org.roomrecorder.plugin.hosts.vdoninja;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.worker.Backoff;
import org.roomrecorder.protocol.Text;

/**
 * Keeps one WebSocket to the signaling server: connects, and when the connection fails or drops, reports the loss
 * and reconnects with backoff. Every transition and every inbound message runs on the adapter's executor, so the
 * room never sees a message of a connection it was told is gone.
 */
final class NinjaLink {
    /** What the host learns from the link; called on the adapter's executor. */
    interface Listener {
        void connected(NinjaConnection connection);

        void received(String text);

        void disconnected(String reason);
    }

    private final VdoNinjaConfig config;
    private final ScheduledExecutorService executor;
    private final Listener listener;
    private final Logger log;
    private final RemoteLog remoteLog;
    private final HttpClient client;
    private final Backoff backoff;
    private NinjaConnection connection;
    private ScheduledFuture<?> reconnect;
    private int attempt;
    private boolean closed;

    NinjaLink(VdoNinjaConfig config, ScheduledExecutorService executor, Listener listener, Logger log,
            RemoteLog remoteLog) {
        this.config = config;
        this.executor = executor;
        this.listener = listener;
        this.log = log.createChildLogger(NinjaLink.class.getName());
        this.remoteLog = remoteLog;
        this.client = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
        this.backoff = new Backoff(config.reconnectMinDelay(), config.reconnectMaxDelay());
    }

    void start() {
        executor.execute(this::connect);
    }

    private void connect() {
        if (closed) {
            return;
        }
        int current = ++attempt;
        NinjaConnection.open(client, config,
                        text -> executor.execute(() -> inbound(current, text)),
                        reason -> executor.execute(() -> lost(current, reason)), remoteLog, log)
                .whenCompleteAsync((opened, failure) -> established(current, opened, failure), executor);
    }

    private void established(int current, NinjaConnection opened, Throwable failure) {
        if (failure != null) {
            if (current == attempt && !closed) {
                Duration delay = backoff.next();
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                log.warn("cannot connect to the signaling server at " + config.url() + ": " + cause
                        + "; retrying in " + delay.toMillis() + " ms");
                reconnect = executor.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
            return;
        }
        if (closed || current != attempt) {
            opened.close("superseded");
            return;
        }
        if (opened.isClosed()) {
            // It ended before this ran; its loss was dropped as that of an attempt never established.
            Duration delay = backoff.next();
            log.warn("the signaling server at " + config.url() + " closed the connection at once; retrying in "
                    + delay.toMillis() + " ms");
            reconnect = executor.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        connection = opened;
        backoff.reset();
        log.info(() -> "connected to the signaling server at " + config.url());
        listener.connected(opened);
    }

    private void inbound(int current, String text) {
        if (current == attempt && connection != null) {
            listener.received(text);
        }
    }

    private void lost(int current, String reason) {
        if (current != attempt || connection == null) {
            return; // an attempt never established: established() retries it
        }
        connection = null;
        if (closed) {
            return;
        }
        Duration delay = backoff.next();
        log.warn("lost the signaling server (" + Text.printable(reason) + "); reconnecting in " + delay.toMillis()
                + " ms");
        listener.disconnected(reason);
        reconnect = executor.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops reconnecting and closes the connection. On the executor. */
    void close() {
        closed = true;
        if (reconnect != null) {
            reconnect.cancel(false);
        }
        NinjaConnection live = connection;
        connection = null;
        if (live != null) {
            live.close("the adapter stops");
        }
    }
}
