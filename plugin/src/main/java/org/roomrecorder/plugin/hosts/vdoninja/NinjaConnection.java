package org.roomrecorder.plugin.hosts.vdoninja;

import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.hosts.TextConnection;

/**
 * One WebSocket to the signaling server: one JSON object per text message, both ways. Inbound text is assembled
 * from its frames (up to {@code max-message-bytes}; a larger message is dropped with a log line) and handed to the
 * inbound consumer on the WebSocket's thread, one message at a time and in order. Nothing here blocks that thread,
 * and nothing escapes it.
 */
final class NinjaConnection extends TextConnection {
    private final Consumer<String> inbound;
    private final Consumer<String> onClosed;

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
        return open(client.newWebSocketBuilder().connectTimeout(config.connectTimeout()), config.url(),
                new NinjaConnection(config.maxMessageChars(), inbound, onClosed, remoteLog, log));
    }

    /** Sends one message; a failure closes the connection (and so starts a reconnect). */
    void send(String text) {
        if (isClosed()) {
            return;
        }
        sendText(text, failure -> {
        });
    }

    @Override
    protected void ended(String reason) {
        onClosed.accept(reason);
    }

    // ---------------------------------------------------------------- WebSocket.Listener, on the WebSocket's thread

    @Override
    protected void message(String text) {
        inbound.accept(text);
    }
}
