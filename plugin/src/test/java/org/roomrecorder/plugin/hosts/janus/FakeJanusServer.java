package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.roomrecorder.plugin.testing.FakeWebSocketServer;
import org.roomrecorder.plugin.testing.FakeWebSocketServer.Client;

/**
 * A Janus VideoRoom on a real WebSocket ({@link FakeWebSocketServer}, with the {@code janus-protocol} subprotocol),
 * small enough to read, that answers the requests the adapter makes with the reply shapes Janus 1.1.2 sent in
 * hosts.md. Its one room's publishers are set by the test; it writes every request it receives into the shared
 * journal, and can split its replies into several frames or drop every connection.
 */
final class FakeJanusServer implements AutoCloseable {
    final List<String> journal;
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    /** The room's publishers, as 'publishers' entries. */
    final List<ObjectNode> publishers = new CopyOnWriteArrayList<>();
    private final Map<Long, Client> handleOwners = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(100);
    private final FakeWebSocketServer server;

    FakeJanusServer(List<String> journal) throws IOException {
        this.journal = journal;
        this.server = new FakeWebSocketServer("fake-janus", "janus-protocol",
                (from, text) -> request(from, JanusJson.parse(text)));
    }

    String url() {
        return server.url();
    }

    /** Sends every later message in this many frames. */
    void fragment(int count) {
        server.fragment(count);
    }

    /** Cuts every connection without a close frame, as a crashing Janus does. */
    void dropConnections() throws IOException {
        server.dropConnections();
    }

    /** Sends raw text on every open connection (malformed input tests). */
    void sendRaw(String text) throws IOException {
        for (Client client : handleOwners.values().stream().distinct().toList()) {
            client.send(text);
        }
    }

    private void request(Client from, JsonNode request) throws IOException {
        received.add(request);
        journal.add("janus " + FakeJanus.kind(request));
        String transaction = request.path("transaction").asText();
        ObjectNode reply = JanusJson.object().put("transaction", transaction);
        switch (request.path("janus").asText()) {
            case "create", "attach" -> {
                long id = ids.incrementAndGet();
                handleOwners.put(id, from);
                reply.put("janus", "success").putObject("data").put("id", id);
            }
            case "message" -> {
                message(from, request, reply);
                return;
            }
            case "detach", "destroy" -> reply.put("janus", "success");
            default -> reply.put("janus", "ack");
        }
        from.send(reply.toString());
    }

    private void message(Client from, JsonNode request, ObjectNode reply) throws IOException {
        JsonNode body = request.path("body");
        long handle = request.path("handle_id").asLong();
        ObjectNode data = JanusJson.object();
        switch (body.path("request").asText()) {
            case "list" -> {
                reply.put("janus", "success").putObject("plugindata").put("plugin", JanusRequests.VIDEOROOM)
                        .putObject("data").put("videoroom", "success").putArray("list").addObject()
                        .put("room", "1234").put("description", "Demo").put("num_participants", publishers.size());
                from.send(reply.toString());
                return;
            }
            case "join" -> {
                if ("publisher".equals(body.path("ptype").asText())) {
                    data.put("videoroom", "joined").put("room", "1234").put("id", "observer-" + handle);
                    ArrayNode list = data.putArray("publishers");
                    publishers.forEach(list::add);
                } else {
                    data.put("videoroom", "attached").put("room", "1234");
                    reply.putObject("jsep").put("type", "offer").put("sdp", "v=0 offer for " + body.path("streams"));
                }
            }
            case "start" -> data.put("videoroom", "event").put("started", "ok");
            case "leave" -> data.put("videoroom", "event").put("leaving", "ok");
            default -> data.put("videoroom", "event").put("error_code", 423).put("error", "Unknown request");
        }
        from.send(JanusJson.object().put("janus", "ack").put("transaction", reply.path("transaction").asText())
                .toString());
        reply.put("janus", "event").put("sender", handle).putObject("plugindata").put("plugin", JanusRequests.VIDEOROOM)
                .set("data", data);
        from.send(reply.toString());
    }

    /** Sends an event to the connection that owns the handle, as Janus does when a room changes. */
    void event(long handle, ObjectNode data) throws IOException {
        ObjectNode event = JanusJson.object().put("janus", "event").put("sender", handle);
        event.putObject("plugindata").put("plugin", JanusRequests.VIDEOROOM).set("data", data);
        handleOwners.get(handle).send(event.toString());
    }

    /** The handle the adapter's room observer joined with. */
    long observerHandle() {
        return received.stream().filter(r -> "join".equals(FakeJanus.kind(r))
                && "publisher".equals(r.path("body").path("ptype").asText()))
                .reduce((a, b) -> b).orElseThrow().path("handle_id").asLong();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
