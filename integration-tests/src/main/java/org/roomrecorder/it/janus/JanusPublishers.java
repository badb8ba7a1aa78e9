package org.roomrecorder.it.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.it.FarmProcess;
import org.roomrecorder.it.TestNetwork;
import org.roomrecorder.protocol.transport.Waits;

/**
 * The farm's synthetic publishers in a Janus server's rooms: starts the farm in the test network, hands each of its
 * events to the publisher it names, and shares one API connection among the publishers' sessions.
 */
public final class JanusPublishers implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final JanusServer janus;
    private final Map<String, JanusPublisher> publishers = new ConcurrentHashMap<>();
    private final FarmProcess farm;
    private volatile JanusClient client;

    private JanusPublishers(JanusServer janus, TestNetwork network, Path farmLog, int frameRate, int width, int height)
            throws Exception {
        this.janus = janus;
        this.farm = FarmProcess.start(network, farmLog, this::farmEvent, frameRate, width, height);
        try {
            this.client = JanusClient.connect(janus.bridgedApiUri(), CONNECT_TIMEOUT);
        } catch (IOException | RuntimeException e) {
            farm.close(); // nobody else holds the farm yet
            throw e;
        }
    }

    /** Publishers sending {@code frameRate} frames per second; the farm runs in the test network. */
    public static JanusPublishers start(JanusServer janus, TestNetwork network, Path farmLog, int frameRate)
            throws Exception {
        return start(janus, network, farmLog, frameRate, 640, 360);
    }

    /** Publishers sending {@code width} x {@code height} video at {@code frameRate} frames per second. */
    public static JanusPublishers start(JanusServer janus, TestNetwork network, Path farmLog, int frameRate, int width,
            int height) throws Exception {
        return new JanusPublishers(janus, network, farmLog, frameRate, width, height);
    }

    /** A publisher with its own tone and colour (BT.601 Y, U, V), not yet in the room. */
    public JanusPublisher create(String room, String id, String display, double tone, int[] yuv) {
        JanusPublisher publisher = new JanusPublisher(farm, room, id, display, tone, yuv);
        if (publishers.putIfAbsent(id, publisher) != null) {
            throw new IllegalArgumentException("publisher " + id + " exists already");
        }
        return publisher;
    }

    /** Joins the room and publishes. */
    public CompletableFuture<Void> joinAndPublish(JanusPublisher publisher) {
        return publisher.join(client).thenCompose(v -> publisher.publish());
    }

    /**
     * Joins and publishes each of {@code room} in turn, then waits until Janus has reported every one up
     * ({@code webrtcup}), each step within {@code timeout}.
     */
    public void publishAll(List<JanusPublisher> room, Duration timeout) throws Exception {
        for (JanusPublisher p : room) {
            joinAndPublish(p).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        for (JanusPublisher p : room) {
            Waits.until(timeout, p::isUp, "webrtcup of " + p.id());
        }
    }

    /** Joins the room again after {@link JanusPublisher#leave}, with a new session. */
    public CompletableFuture<Void> join(JanusPublisher publisher) {
        return publisher.join(client);
    }

    /**
     * After Janus restarted: connects again, and every publisher joins again (and publishes, if it was publishing),
     * as browsers reconnecting would.
     */
    public CompletableFuture<Void> rejoinAll() throws IOException {
        client.close();
        client = JanusClient.connect(janus.bridgedApiUri(), CONNECT_TIMEOUT);
        return CompletableFuture.allOf(publishers.values().stream().filter(JanusPublisher::inRoom)
                .map(p -> p.rejoin(client)).toArray(CompletableFuture[]::new));
    }

    /** The room's participants as Janus lists them: {@code id}, {@code display}, {@code publisher} (true or false). */
    public CompletableFuture<List<JsonNode>> participants(String room) {
        return request(JanusClient.JSON.createObjectNode().put("request", "listparticipants").put("room", room))
                .thenApply(data -> {
                    List<JsonNode> participants = new ArrayList<>();
                    data.path("participants").forEach(participants::add);
                    return participants;
                });
    }

    /**
     * Turns Janus's own recorder on or off for every publisher of the room ({@code enable_recording}); it writes to
     * the directory {@link JanusServer.Settings#recordings} names.
     */
    public CompletableFuture<JsonNode> enableRecording(String room, boolean on) {
        return request(JanusClient.JSON.createObjectNode().put("request", "enable_recording").put("room", room)
                .put("record", on));
    }

    /** A synchronous VideoRoom request on a session and handle of its own; completes with the plugin's data. */
    private CompletableFuture<JsonNode> request(ObjectNode body) {
        return JanusSession.create(client).thenCompose(session -> session.attach("janus.plugin.videoroom", e -> { })
                .thenCompose(handle -> session.message(handle, body, null))
                .whenComplete((reply, e) -> session.close()))
                .thenApply(reply -> reply.path("plugindata").path("data"));
    }

    /** The farm JVM's process id, for measuring its CPU. */
    public long farmPid() {
        return farm.pid();
    }

    /** What the farm reported as errors. */
    public List<String> errors() {
        return farm.errors();
    }

    private void farmEvent(JsonNode event) {
        JanusPublisher publisher = publishers.get(event.path("id").asText());
        if (publisher != null) {
            publisher.farmEvent(event);
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
        farm.close();
    }
}
