package org.roomrecorder.plugin.hosts;

import java.net.URI;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jitsi.utils.logging2.Logger;

/**
 * One WebSocket to a host's server, both ways: {@link TextMessageListener} takes the server's messages in; this
 * sends text one message at a time and in order, and closes the socket once, politely if it still works. The socket
 * closing or failing, or a send failing, closes the connection too; whatever closes it, {@link #ended} runs once.
 */
public abstract class TextConnection extends TextMessageListener {
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object sendLock = new Object();
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private volatile WebSocket webSocket;

    /** @param server what the log lines call the other end, for example {@code Janus} */
    protected TextConnection(int maxMessageChars, String server, RemoteLog remoteLog, Logger log) {
        super(maxMessageChars, server, remoteLog, log);
    }

    /** Opens the WebSocket with {@code connection} as its listener; completes with the connection once it is open. */
    protected static <C extends TextConnection> CompletableFuture<C> open(WebSocket.Builder builder, URI url,
            C connection) {
        TextConnection opening = connection;
        return builder.buildAsync(url, connection)
                .thenApply(ws -> {
                    opening.webSocket = ws;
                    return connection;
                });
    }

    /** The connection ended, for whatever reason; runs once, after the socket's close was queued. */
    protected abstract void ended(String reason);

    /**
     * Sends one message after those before it; if sending fails, {@code failed} learns why, then the connection
     * closes.
     */
    protected final void sendText(String text, Consumer<Throwable> failed) {
        synchronized (sendLock) {
            // The JDK's WebSocket takes one send at a time: each waits for the one before it.
            lastSend = lastSend.handle((ignored, failure) -> null)
                    .thenCompose(ignored -> webSocket.sendText(text, true))
                    .whenComplete((ws, failure) -> {
                        if (failure != null) {
                            failed.accept(failure);
                            close("sending failed: " + failure);
                        }
                    });
        }
    }

    /** Closes the WebSocket (politely if it still works), then {@link #ended}. Idempotent. */
    public final void close(String reason) {
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
        ended(reason);
    }

    public final boolean isClosed() {
        return closed.get();
    }

    // ---------------------------------------------------------------- WebSocket.Listener, on the WebSocket's thread

    @Override
    public void onOpen(WebSocket ws) {
        this.webSocket = ws;
        ws.request(1);
    }

    @Override
    protected final void socketClosed(String reason) {
        close(reason);
    }
}
