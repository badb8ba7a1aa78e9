package org.roomrecorder.it.janus;

import static org.roomrecorder.it.janus.JanusClient.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A Janus session on a {@link JanusClient}: plugin handles, their messages and trickles; kept alive until closed. */
public final class JanusSession implements AutoCloseable {
    /** Janus drops a session silent for its session_timeout (60 s by default); a keepalive every 20 s is ample. */
    private static final long KEEPALIVE_SECONDS = 20;
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "janus-keepalive");
        thread.setDaemon(true);
        return thread;
    });

    private final JanusClient client;
    private final long id;
    private final ScheduledFuture<?> keepalive;

    private JanusSession(JanusClient client, long id) {
        this.client = client;
        this.id = id;
        this.keepalive = TIMER.scheduleAtFixedRate(() -> {
            if (client.isOpen()) {
                client.send(request("keepalive"));
            }
        }, KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
    }

    public static CompletableFuture<JanusSession> create(JanusClient client) {
        return client.send(JSON.createObjectNode().put("janus", "create"))
                .thenApply(reply -> new JanusSession(client, reply.path("data").path("id").asLong()));
    }

    /** Attaches to {@code plugin}; the handle's own events (webrtcup, hangup, trickle…) go to {@code events}. */
    public CompletableFuture<Long> attach(String plugin, Consumer<JsonNode> events) {
        return client.send(request("attach").put("plugin", plugin)).thenApply(reply -> {
            long handle = reply.path("data").path("id").asLong();
            client.onEvents(handle, events);
            return handle;
        });
    }

    /**
     * Sends a plugin request, with an SDP when {@code jsep} is not null. Completes with Janus's reply: for a
     * synchronous request (listparticipants) the {@code success}, otherwise the plugin's {@code event}; its
     * {@code plugindata.data} holds the answer and its {@code jsep} any SDP.
     */
    public CompletableFuture<JsonNode> message(long handle, ObjectNode body, ObjectNode jsep) {
        ObjectNode message = request("message").put("handle_id", handle);
        message.set("body", body);
        if (jsep != null) {
            message.set("jsep", jsep);
        }
        return client.send(message);
    }

    /** Trickles a candidate ({@code candidate}, {@code sdpMid}, {@code sdpMLineIndex}) or {@code {completed:true}}. */
    public CompletableFuture<JsonNode> trickle(long handle, JsonNode candidate) {
        ObjectNode trickle = request("trickle").put("handle_id", handle);
        trickle.set("candidate", candidate);
        return client.send(trickle);
    }

    public CompletableFuture<JsonNode> detach(long handle) {
        client.forget(handle);
        return client.send(request("detach").put("handle_id", handle));
    }

    private ObjectNode request(String janus) {
        return JSON.createObjectNode().put("janus", janus).put("session_id", id);
    }

    /** Stops the keepalives and destroys the session, which detaches its handles (their peers leave the room). */
    @Override
    public void close() {
        keepalive.cancel(false);
        if (client.isOpen()) {
            client.send(request("destroy"));
        }
    }
}
