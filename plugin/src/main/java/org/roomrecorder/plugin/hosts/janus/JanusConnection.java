package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.hosts.TextConnection;

/**
 * One WebSocket to Janus's API (subprotocol {@code janus-protocol}) and the requests in flight on it. A request's
 * future completes with Janus's first answer to its transaction: {@code success} or {@code ack} (an asynchronous
 * plugin request then answers with an {@code event} on its handle), or fails with {@code error}, a timeout or the
 * connection's end. Every other message goes to the inbound consumer. Inbound messages are handled on the
 * WebSocket's own thread, one at a time and in order; nothing here blocks it, and nothing escapes it.
 */
final class JanusConnection extends TextConnection implements JanusTransport {
    private final JanusConfig config;
    private final Consumer<JanusMessage> inbound;
    private final Consumer<String> onClosed;
    private final Map<String, CompletableFuture<JanusMessage>> pending = new ConcurrentHashMap<>();
    private final String transactionPrefix = UUID.randomUUID().toString().substring(0, 8) + "-";
    private final AtomicLong transactions = new AtomicLong();

    private JanusConnection(JanusConfig config, Consumer<JanusMessage> inbound, Consumer<String> onClosed,
            RemoteLog remoteLog, Logger log) {
        super(config.maxMessageChars(), "Janus", remoteLog, log);
        this.config = config;
        this.inbound = inbound;
        this.onClosed = onClosed;
    }

    /**
     * Opens the WebSocket.
     *
     * @param inbound  every message that answers no request: handle events, trickles, hang-ups, session timeouts
     * @param onClosed called once when the connection ends, for whatever reason, after pending requests failed
     */
    static CompletableFuture<JanusConnection> open(HttpClient client, JanusConfig config,
            Consumer<JanusMessage> inbound, Consumer<String> onClosed, RemoteLog remoteLog, Logger log) {
        return open(client.newWebSocketBuilder()
                        .subprotocols("janus-protocol")
                        .connectTimeout(config.requestTimeout()),
                config.url(), new JanusConnection(config, inbound, onClosed, remoteLog, log));
    }

    /** Sends a request with a fresh transaction and the configured credentials. */
    @Override
    public CompletableFuture<JanusMessage> request(ObjectNode request) {
        String transaction = transactionPrefix + transactions.incrementAndGet();
        request.put("transaction", transaction);
        if (!config.apiSecret().isEmpty()) {
            request.put("apisecret", config.apiSecret());
        }
        if (!config.token().isEmpty()) {
            request.put("token", config.token());
        }
        CompletableFuture<JanusMessage> reply = new CompletableFuture<>();
        pending.put(transaction, reply);
        reply.orTimeout(config.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((message, failure) -> pending.remove(transaction));
        if (isClosed()) {
            reply.completeExceptionally(new JanusException("the connection to Janus is closed"));
            return reply;
        }
        sendText(JanusJson.write(request),
                failure -> reply.completeExceptionally(new JanusException("sending to Janus failed: " + failure)));
        return reply.exceptionallyCompose(JanusConnection::describeTimeout);
    }

    private static CompletionStage<JanusMessage> describeTimeout(Throwable failure) {
        return CompletableFuture.failedFuture(failure instanceof TimeoutException
                ? new JanusException("Janus did not answer in time") : failure);
    }

    /** Fails every pending request, then reports the end. */
    @Override
    protected void ended(String reason) {
        JanusException lost = new JanusException("the connection to Janus ended: " + reason);
        for (CompletableFuture<JanusMessage> reply : pending.values()) {
            reply.completeExceptionally(lost);
        }
        onClosed.accept(reason);
    }

    // ---------------------------------------------------------------- WebSocket.Listener, on the WebSocket's thread

    @Override
    protected void message(String text) {
        JsonNode tree = JanusJson.parse(text);
        JanusMessage message = JanusMessage.of(tree);
        if (message == null) {
            remoteLog.warn(log, () -> "dropped a message from Janus that is not a JSON object with a 'janus' field ("
                    + text.length() + " characters)");
            return;
        }
        CompletableFuture<JanusMessage> reply = message.transaction() == null ? null
                : pending.get(message.transaction());
        boolean answer = "success".equals(message.janus()) || "ack".equals(message.janus())
                || "error".equals(message.janus());
        if (reply != null && answer) {
            if ("error".equals(message.janus())) {
                reply.completeExceptionally(new JanusException("Janus refused the request: " + message.errorText()));
            } else {
                reply.complete(message);
            }
        } else {
            inbound.accept(message);
        }
    }

}
