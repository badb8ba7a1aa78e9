package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Janus in memory, as a transport: answers {@code create} and {@code attach} with fresh ids and everything else
 * with {@code ack}, writes every request into a shared journal (so tests can check what happened in which order
 * against other fakes), and lets a test refuse requests of its choosing.
 */
final class FakeJanus implements JanusTransport {
    final List<String> journal;
    final List<ObjectNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong ids;
    private volatile Function<ObjectNode, String> refusal = request -> null;
    private volatile boolean closed;

    FakeJanus(List<String> journal) {
        this(journal, 7000);
    }

    /** @param lastId the id before the first one given out, as a signed long (-2 gives 2^64 - 1 next) */
    FakeJanus(List<String> journal, long lastId) {
        this.journal = journal;
        this.ids = new AtomicLong(lastId);
    }

    /** Refuses the requests for which {@code reason} returns an error text (null lets them through). */
    void refuse(Function<ObjectNode, String> reason) {
        this.refusal = reason;
    }

    /** The requests whose kind ({@code janus}, or the body's {@code request} for messages) is {@code kind}. */
    List<ObjectNode> sent(String kind) {
        return requests.stream().filter(r -> kind.equals(kind(r))).toList();
    }

    static String kind(JsonNode request) {
        return "message".equals(request.path("janus").asText())
                ? request.path("body").path("request").asText() : request.path("janus").asText();
    }

    @Override
    public CompletableFuture<JanusMessage> request(ObjectNode request) {
        requests.add(request.deepCopy());
        journal.add("janus " + kind(request) + (request.has("handle_id") ? " on " + request.get("handle_id") : ""));
        if (closed) {
            return CompletableFuture.failedFuture(new JanusException("closed"));
        }
        String refused = refusal.apply(request);
        if (refused != null) {
            return CompletableFuture.failedFuture(new JanusException("Janus refused the request: " + refused));
        }
        ObjectNode reply = JanusJson.object();
        switch (request.path("janus").asText()) {
            case "create", "attach" -> reply.put("janus", "success").putObject("data")
                    .put("id", new BigInteger(Long.toUnsignedString(ids.incrementAndGet())));
            case "destroy", "detach" -> reply.put("janus", "success");
            default -> reply.put("janus", "ack");
        }
        return CompletableFuture.completedFuture(JanusMessage.of(reply));
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close(String reason) {
        closed = true;
    }
}
