package org.roomrecorder.it.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One WebSocket to the Janus API (subprotocol {@code janus-protocol}), for the test harness; the plugin's Janus
 * adapter has its own client. Replies are matched to requests by transaction; events of a handle go to the listener
 * registered for it. Every request fails when the connection is lost, so a killed Janus shows at once.
 */
public final class JanusClient implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Requests that Janus answers with an {@code ack} only; a plugin {@code message} is acked, then answered. */
    private static final Set<String> ACK_ONLY = Set.of("trickle", "keepalive");
    /** One HTTP client (and so one selector thread) for every connection, including the many readiness probes. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<Long, Consumer<JsonNode>> handles = new ConcurrentHashMap<>();
    private final AtomicLong transactions = new AtomicLong();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile WebSocket socket;
    private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);

    private record Pending(String request, CompletableFuture<JsonNode> reply) {
    }

    private JanusClient() {
    }

    /** Connects to {@code uri}, for example {@code ws://127.0.0.1:8188}. */
    public static JanusClient connect(URI uri, Duration timeout) throws IOException {
        JanusClient client = new JanusClient();
        try {
            client.socket = HTTP.newWebSocketBuilder().subprotocols("janus-protocol")
                    .connectTimeout(timeout).buildAsync(uri, client.new Listener())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot connect to the Janus API at " + uri + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return client;
    }

    /**
     * Sends {@code request} with a fresh transaction. The reply is Janus's answer: {@code success}, a plugin
     * {@code event}, or an {@code ack} for trickles and keepalives; an {@code error} reply, or a plugin event with an
     * {@code error_code}, fails it with a {@link JanusException}.
     */
    public CompletableFuture<JsonNode> send(ObjectNode request) {
        String transaction = "t" + transactions.incrementAndGet();
        request.put("transaction", transaction);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(transaction, new Pending(request.path("janus").asText(), reply));
        if (closed.isDone()) {
            fail(new IOException("the Janus API connection is closed"));
            return reply;
        }
        String text = request.toString();
        synchronized (this) {
            // The JDK WebSocket allows one outstanding send: chain each send after the previous one, never blocking.
            sending = sending.thenCompose(previous -> socket.sendText(text, true)).exceptionally(e -> {
                fail(new IOException("cannot send to Janus", e));
                return socket;
            });
        }
        return reply;
    }

    /** Routes events whose {@code sender} is {@code handle} to {@code listener}. */
    void onEvents(long handle, Consumer<JsonNode> listener) {
        handles.put(handle, listener);
    }

    void forget(long handle) {
        handles.remove(handle);
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    private void received(JsonNode message) {
        String type = message.path("janus").asText();
        Pending request = pending.get(message.path("transaction").asText());
        if (request != null && (!type.equals("ack") || ACK_ONLY.contains(request.request()))) {
            pending.remove(message.path("transaction").asText());
            JsonNode pluginError = message.path("plugindata").path("data").path("error_code");
            if (type.equals("error")) {
                request.reply().completeExceptionally(new JanusException(request.request(), message.path("error")));
            } else if (!pluginError.isMissingNode()) {
                request.reply().completeExceptionally(
                        new JanusException(request.request(), message.path("plugindata").path("data")));
            } else {
                request.reply().complete(message);
            }
            return;
        }
        if (request == null || !type.equals("ack")) {
            Consumer<JsonNode> listener = handles.get(message.path("sender").asLong());
            if (listener != null) {
                listener.accept(message);
            }
        }
    }

    private void fail(Throwable cause) {
        closed.complete(null);
        pending.values().forEach(p -> p.reply().completeExceptionally(cause));
        pending.clear();
    }

    @Override
    public void close() {
        if (isOpen()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
            socket.abort();
        }
        fail(new IOException("the Janus API connection was closed"));
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String message = text.toString();
                text.setLength(0);
                try {
                    received(JSON.readTree(message));
                } catch (IOException e) {
                    fail(new IOException("Janus sent something that is not JSON", e));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            fail(new IOException("Janus closed the API connection: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            fail(new IOException("the Janus API connection failed", error));
        }
    }
}
