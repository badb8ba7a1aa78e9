package org.roomrecorder.plugin.hosts.vdoninja;

import java.net.http.HttpClient;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.ReconnectLoop;
import org.roomrecorder.plugin.hosts.RemoteLog;
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
    private final ReconnectLoop loop;
    private NinjaConnection connection;

    NinjaLink(VdoNinjaConfig config, ScheduledExecutorService executor, Listener listener, Logger log,
            RemoteLog remoteLog) {
        this.config = config;
        this.executor = executor;
        this.listener = listener;
        this.log = log.createChildLogger(NinjaLink.class.getName());
        this.remoteLog = remoteLog;
        this.client = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
        this.loop = new ReconnectLoop(executor, config.reconnectMinDelay(), config.reconnectMaxDelay(), this::connect);
    }

    void start() {
        loop.start();
    }

    private void connect(int current) {
        NinjaConnection.open(client, config,
                        text -> executor.execute(() -> inbound(current, text)),
                        reason -> executor.execute(() -> lost(current, reason)), remoteLog, log)
                .whenCompleteAsync((opened, failure) -> established(current, opened, failure), executor);
    }

    private void established(int current, NinjaConnection opened, Throwable failure) {
        if (failure != null) {
            if (loop.wants(current)) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                loop.retry(delay -> log.warn("cannot connect to the signaling server at " + config.url() + ": "
                        + cause + "; retrying in " + delay.toMillis() + " ms"));
            }
            return;
        }
        if (!loop.wants(current)) {
            opened.close("superseded");
            return;
        }
        if (opened.isClosed()) {
            // It ended before this ran; its loss was dropped as that of an attempt never established.
            loop.retry(delay -> log.warn("the signaling server at " + config.url()
                    + " closed the connection at once; retrying in " + delay.toMillis() + " ms"));
            return;
        }
        connection = opened;
        loop.connected();
        log.info(() -> "connected to the signaling server at " + config.url());
        listener.connected(opened);
    }

    private void inbound(int current, String text) {
        if (loop.isCurrent(current) && connection != null) {
            listener.received(text);
        }
    }

    private void lost(int current, String reason) {
        if (!loop.isCurrent(current) || connection == null) {
            return; // an attempt never established: established() retries it
        }
        connection = null;
        loop.retry(delay -> {
            log.warn("lost the signaling server (" + Text.printable(reason) + "); reconnecting in "
                    + delay.toMillis() + " ms");
            listener.disconnected(reason);
        });
    }

    /** Stops reconnecting and closes the connection. On the executor. */
    void close() {
        loop.close();
        NinjaConnection live = connection;
        connection = null;
        if (live != null) {
            live.close("the adapter stops");
        }
    }
}
