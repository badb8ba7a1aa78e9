package org.roomrecorder.it.janus;

import static org.roomrecorder.it.janus.JanusClient.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/**
 * One VideoRoom subscription to one publisher, as the plugin's Janus adapter makes it: a handle on a shared session,
 * {@code join} as a subscriber to every stream of the feed, Janus's offer out, the answer back as {@code start},
 * candidates trickled both ways. Whoever answers is the {@link Peer}: a test playing the plugin hands the offer to a
 * worker and the worker's answer back.
 */
public final class JanusSubscriber {
    private static final String VIDEOROOM = "janus.plugin.videoroom";

    /** Where Janus's side of the subscription goes. */
    public interface Peer {
        void offer(String sdp);

        void candidate(String candidate, String sdpMid, Integer sdpMLineIndex);

        void endOfCandidates();
    }

    private final JanusSession session;
    private final Peer peer;
    private volatile long handle;

    /** A subscription on {@code session} whose Janus side goes to {@code peer}; {@link #subscribe} starts it. */
    public JanusSubscriber(JanusSession session, Peer peer) {
        this.session = session;
        this.peer = peer;
    }

    /** Subscribes to every stream of {@code feed} in {@code room}; completes once Janus's offer has gone to the peer. */
    public CompletableFuture<Void> subscribe(String room, String feed) {
        return session.attach(VIDEOROOM, this::janusEvent).thenCompose(h -> {
            handle = h;
            ObjectNode join = JSON.createObjectNode().put("request", "join").put("ptype", "subscriber")
                    .put("room", room);
            join.putArray("streams").addObject().put("feed", feed);
            return session.message(h, join, null);
        }).thenAccept(reply -> {
            String offer = reply.path("jsep").path("sdp").asText(null);
            if (offer == null) {
                throw new IllegalStateException("Janus answered the subscription without an offer: " + reply);
            }
            peer.offer(offer);
        });
    }

    /** The peer's answer: media flows once ICE connects. */
    public CompletableFuture<JsonNode> answer(String sdp) {
        return session.message(handle, JSON.createObjectNode().put("request", "start"),
                JSON.createObjectNode().put("type", "answer").put("sdp", sdp));
    }

    /** A candidate of the peer's. */
    public void candidate(String candidate, String sdpMid, Integer sdpMLineIndex) {
        ObjectNode c = JSON.createObjectNode().put("candidate", candidate).put("sdpMid", sdpMid);
        if (sdpMLineIndex != null) {
            c.put("sdpMLineIndex", sdpMLineIndex);
        }
        session.trickle(handle, c);
    }

    /** An event Janus sent about this subscription's handle. */
    private void janusEvent(JsonNode event) {
        if (event.path("janus").asText().equals("trickle")) {
            JsonNode c = event.path("candidate");
            if (c.path("completed").asBoolean(false)) {
                peer.endOfCandidates();
            } else {
                peer.candidate(c.path("candidate").asText(), c.path("sdpMid").asText(null),
                        c.path("sdpMLineIndex").isMissingNode() ? null : c.path("sdpMLineIndex").asInt());
            }
        }
    }
}
