package org.roomrecorder.it.janus;

import static org.roomrecorder.it.janus.JanusClient.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.roomrecorder.it.FarmProcess;

/**
 * One synthetic publisher of the farm in a Janus VideoRoom, as a browser would be there: a session and a handle of
 * its own, {@code join} as a publisher with a string id and a display name, {@code publish} with the farm's offer,
 * Janus's answer back to the farm, candidates trickled both ways. Unpublishing or leaving closes the farm's
 * connection (Janus hangs it up anyway); publishing again makes a new one, as a browser would.
 *
 * <p>Farm events arrive on the farm's reader thread, one at a time, so the offer is always sent before the candidates
 * that followed it; candidates that come before the offer has been sent wait for it.
 */
public final class JanusPublisher {
    private static final String VIDEOROOM = "janus.plugin.videoroom";

    private final FarmProcess farm;
    private final String room;
    private final String id;
    private final String display;
    private final double tone;
    private final int[] yuv;
    private final List<JsonNode> heldCandidates = new ArrayList<>();
    private volatile JanusSession session;
    private volatile long handle;
    private volatile CompletableFuture<Void> published = new CompletableFuture<>();
    private volatile boolean offerSent;
    private volatile boolean inFarm;
    private volatile Instant upAt;
    private volatile boolean wantsToPublish;
    private volatile boolean inRoom;

    JanusPublisher(FarmProcess farm, String room, String id, String display, double tone, int[] yuv) {
        this.farm = farm;
        this.room = room;
        this.id = id;
        this.display = display;
        this.tone = tone;
        this.yuv = yuv.clone();
    }

    public String id() {
        return id;
    }

    public String room() {
        return room;
    }

    public String display() {
        return display;
    }

    /** Whether Janus reported the PeerConnection up ({@code webrtcup}) and has not hung it up since. */
    public boolean isUp() {
        return upAt != null;
    }

    /**
     * When this JVM received Janus's {@code webrtcup} for the current PeerConnection (null while it is not up): the
     * start of the time to the first recorded frame in the benchmarks.
     */
    public Instant upAt() {
        return upAt;
    }

    /** Whether it joined the room and has not left it. */
    boolean inRoom() {
        return inRoom;
    }

    /** Opens a session on {@code client}, attaches to the VideoRoom and joins {@link #room} as a publisher. */
    public CompletableFuture<Void> join(JanusClient client) {
        return JanusSession.create(client).thenCompose(s -> {
            session = s;
            return s.attach(VIDEOROOM, this::janusEvent);
        }).thenCompose(h -> {
            handle = h;
            return session.message(h, body("join").put("ptype", "publisher").put("room", room).put("id", id)
                    .put("display", display), null);
        }).thenAccept(reply -> {
            expect(reply, "videoroom", "joined");
            inRoom = true;
        });
    }

    /** Makes the farm offer a new connection and publishes it; completes once the farm has Janus's answer. */
    public CompletableFuture<Void> publish() {
        closeInFarm();
        published = new CompletableFuture<>();
        offerSent = false;
        wantsToPublish = true;
        farm.create(id, tone, yuv);
        inFarm = true;
        return published;
    }

    /** Stops publishing but stays in the room. */
    public CompletableFuture<Void> unpublish() {
        wantsToPublish = false;
        return session.message(handle, body("unpublish"), null).thenAccept(reply -> {
            expect(reply, "unpublished", "ok");
            closeInFarm();
        });
    }

    /** Leaves the room and closes the session; {@link #join} may follow, with a new session. */
    public CompletableFuture<Void> leave() {
        wantsToPublish = false;
        inRoom = false;
        return session.message(handle, body("leave"), null).thenAccept(reply -> {
            expect(reply, "leaving", "ok");
            closeInFarm();
            session.close();
        });
    }

    /**
     * After Janus restarted: its sessions and the farm's connection to it are gone. Joins again on {@code client},
     * and publishes again if it was publishing.
     */
    public CompletableFuture<Void> rejoin(JanusClient client) {
        boolean republish = wantsToPublish;
        closeInFarm();
        if (session != null) {
            session.close();
        }
        CompletableFuture<Void> joined = join(client);
        return republish ? joined.thenCompose(v -> publish()) : joined;
    }

    /** An event of the farm for this publisher, on the farm's reader thread. */
    void farmEvent(JsonNode event) {
        switch (event.path("type").asText()) {
            case "offer" -> sendOffer(event.path("sdp").asText());
            case "candidate" -> trickle(JSON.createObjectNode().put("candidate", event.path("candidate").asText())
                    .put("sdpMid", event.path("sdpMid").asText())
                    .put("sdpMLineIndex", event.path("sdpMLineIndex").asInt()));
            case "end-of-candidates" -> trickle(JSON.createObjectNode().put("completed", true));
            case "error" -> published.completeExceptionally(new IOException("the farm failed: " + event));
            default -> {
            }
        }
    }

    /** The first offer of a connection publishes it; a later one (the farm renegotiated) reconfigures it. */
    private void sendOffer(String sdp) {
        ObjectNode jsep = JSON.createObjectNode().put("type", "offer").put("sdp", sdp);
        String request = offerSent ? "configure" : "publish";
        CompletableFuture<Void> done = published;
        session.message(handle, body(request), jsep).thenAccept(reply -> {
            String answer = reply.path("jsep").path("sdp").asText(null);
            if (answer == null) {
                throw new IllegalStateException("Janus answered " + request + " without an SDP: " + reply);
            }
            farm.answer(id, answer);
        }).whenComplete((v, e) -> {
            if (e == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(e);
            }
        });
        offerSent = true;
        heldCandidates.forEach(c -> session.trickle(handle, c));
        heldCandidates.clear();
    }

    private void trickle(JsonNode candidate) {
        if (offerSent) {
            session.trickle(handle, candidate);
        } else {
            heldCandidates.add(candidate);
        }
    }

    /** An event Janus sent about this publisher's handle. */
    private void janusEvent(JsonNode event) {
        switch (event.path("janus").asText()) {
            case "webrtcup" -> upAt = Instant.now();
            case "hangup" -> upAt = null;
            case "trickle" -> {
                JsonNode c = event.path("candidate");
                if (!c.path("completed").asBoolean(false)) {
                    farm.candidate(id, c.path("candidate").asText(), c.path("sdpMid").asText(null),
                            c.path("sdpMLineIndex").isMissingNode() ? null : c.path("sdpMLineIndex").asInt());
                }
            }
            default -> {
            }
        }
    }

    private void closeInFarm() {
        upAt = null;
        if (inFarm) {
            inFarm = false;
            farm.close(id);
        }
    }

    private static ObjectNode body(String request) {
        return JSON.createObjectNode().put("request", request);
    }

    private static void expect(JsonNode reply, String field, String value) {
        JsonNode data = reply.path("plugindata").path("data");
        if (!data.path(field).asText().equals(value)) {
            throw new IllegalStateException("expected " + field + "=" + value + " from Janus, got " + reply);
        }
    }

}
