package org.roomrecorder.it.vdoninja;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One websocket to a room server, on the JDK's client: whole text messages in (to a consumer, in order), text out
 * from any thread. The JDK allows one outstanding send per socket, so sends are chained, never overlapped.
 */
public final class SignalingClient implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);

    private SignalingClient(WebSocket socket) {
        this.socket = socket;
    }

    /** Connects; {@code messages} gets every text message, on the client's thread, one at a time. */
    public static SignalingClient connect(URI uri, Consumer<String> messages) throws Exception {
        WebSocket socket = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new Receiver(messages)).get(15, TimeUnit.SECONDS);
        return new SignalingClient(socket);
    }

    /** Queues one text message. */
    public synchronized CompletableFuture<?> send(String text) {
        sending = sending.handle((v, e) -> null).thenCompose(v -> socket.sendText(text, true));
        return sending;
    }

    /** A normal close once the queued messages are out; the connection is dropped if that does not finish soon. */
    @Override
    public void close() {
        CompletableFuture<?> closing;
        synchronized (this) {
            closing = sending.handle((v, e) -> null)
                    .thenCompose(v -> socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye"));
        }
        try {
            closing.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            socket.abort();
        }
    }

    /** Reassembles fragments and asks for one message at a time, so the consumer sees them in order. */
    private static final class Receiver implements WebSocket.Listener {
        private final Consumer<String> messages;
        private final StringBuilder partial = new StringBuilder();

        Receiver(Consumer<String> messages) {
            this.messages = messages;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                messages.accept(message);
            }
            socket.request(1);
            return null;
        }
    }
}
