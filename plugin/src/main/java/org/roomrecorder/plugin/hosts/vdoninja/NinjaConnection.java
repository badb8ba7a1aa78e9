package org.roomrecorder.plugin.hosts.vdoninja;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.hosts.TextMessageListener;

/**
 * One WebSocket to the signaling server: one JSON object per text message, both ways. Inbound text is assembled
 * from its frames (up to {@code max-message-bytes}; a larger message is dropped with a log line) and handed to the
 * inbound consumer on the WebSocket's thread, one message at a time and in order. Nothing here blocks that thread,
 * and nothing escapes it.
 */
final class NinjaConnection extends TextMessageListener {
    private final Consumer<String> inbound;
    private final Consumer<String> onClosed;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object sendLock = new Object();
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private volatile WebSocket webSocket;

    private NinjaConnection(int maxMessageChars, Consumer<String> inbound, Consumer<String> onClosed,
            RemoteLog remoteLog, Logger log) {
        super(maxMessageChars, "the signaling server", remoteLog, log);
        this.inbound = inbound;
        this.onClosed = onClosed;
    }

    /**
     * Opens the WebSocket.
     *
     * @param inbound  every text message, whole
     * @param onClosed called once when the connection ends, for whatever reason
     */
    static CompletableFuture<NinjaConnection> open(HttpClient client, VdoNinjaConfig config, Consumer<String> inbound,
            Consumer<String> onClosed, RemoteLog remoteLog, Logger log) {
        NinjaConnection connection = new NinjaConnection(config.maxMessageChars(), inbound, onClosed, remoteLog, log);
        return client.newWebSocketBuilder()
                .connectTimeout(config.connectTimeout())
                .buildAsync(config.url(), connection)
                .thenApply(ws -> {
                    connection.webSocket = ws;
                    return connection;
                });
    }

    /** Sends one message; a failure closes the connection (and so starts a reconnect). */
    void send(String text) {
        if (closed.get()) {
            return;
        }
        synchronized (sendLock) {
            // The JDK's WebSocket takes one send at a time: each waits for the one before it.
            lastSend = lastSend.handle((ignored, failure) -> null)
                    .thenCompose(ignored -> webSocket.sendText(text, true))
                    .whenComplete((ws, failure) -> {
                        if (failure != null) {
                            close("sending failed: " + failure);
                        }
                    });
        }
    }

    /** Closes the WebSocket, politely if it still works. Idempotent. */
    void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        WebSocket ws = webSocket;
        if (ws != null) {
            synchronized (sendLock) {
                lastSend = lastSend.handle((ignored, failure) -> null)
                        .thenCompose(ignored -> ws.isOutputClosed() ? CompletableFuture.completedFuture(ws)
                                : ws.sendClose(WebSocket.NORMAL_CLOSURE, ""))
                        .orTimeout(1, TimeUnit.SECONDS)
                        .whenComplete((ignored, failure) -> ws.abort());
            }
        }
        onClosed.accept(reason);
    }

    boolean isClosed() {
        return closed.get();
    }

    // ---------------------------------------------------------------- WebSocket.Listener, on the WebSocket's thread

    @Override
    public void onOpen(WebSocket ws) {
        this.webSocket = ws;
        ws.request(1);
    }

    @Override
    protected void message(String text) {
        inbound.accept(text);
    }

    @Override
    protected void socketClosed(String reason) {
        close(reason);
    }

}
