package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.roomrecorder.plugin.spi.IceCandidate;

/**
 * The requests the adapter sends, shaped as Janus 1.1 (multistream) expects them. The session adds
 * {@code session_id}, {@code handle_id}, {@code transaction} and the credentials. Room and feed ids are the JSON
 * values Janus itself reported (numbers, or strings with {@code string_ids = true}), echoed unchanged.
 */
final class JanusRequests {
    static final String VIDEOROOM = "janus.plugin.videoroom";

    private JanusRequests() {
    }

    static ObjectNode create() {
        return janus("create");
    }

    static ObjectNode keepalive() {
        return janus("keepalive");
    }

    static ObjectNode destroy() {
        return janus("destroy");
    }

    static ObjectNode attach(String opaqueId) {
        return janus("attach").put("plugin", VIDEOROOM).put("opaque_id", opaqueId);
    }

    static ObjectNode detach() {
        return janus("detach");
    }

    static ObjectNode message(ObjectNode body) {
        ObjectNode message = janus("message");
        message.set("body", body);
        return message;
    }

    static ObjectNode message(ObjectNode body, String type, String sdp) {
        ObjectNode message = message(body);
        message.putObject("jsep").put("type", type).put("sdp", sdp);
        return message;
    }

    static ObjectNode trickle(IceCandidate candidate) {
        ObjectNode trickle = janus("trickle");
        ObjectNode c = trickle.putObject("candidate").put("candidate", candidate.candidate());
        if (candidate.sdpMid() != null) {
            c.put("sdpMid", candidate.sdpMid());
        }
        if (candidate.sdpMLineIndex() != null) {
            c.put("sdpMLineIndex", candidate.sdpMLineIndex());
        }
        return trickle;
    }

    static ObjectNode trickleCompleted() {
        ObjectNode trickle = janus("trickle");
        trickle.putObject("candidate").put("completed", true);
        return trickle;
    }

    // ---------------------------------------------------------------- VideoRoom bodies

    /** Every room; with the admin key, private ones too. */
    static ObjectNode list(String adminKey) {
        return withAdminKey(request("list"), adminKey);
    }

    /** Joins as a publisher that never publishes: it sees the room's publishers and their changes. */
    static ObjectNode joinObserver(JsonNode room, String display) {
        ObjectNode join = request("join").put("ptype", "publisher").put("display", display);
        join.set("room", room);
        return join;
    }

    static ObjectNode leave() {
        return request("leave");
    }

    /**
     * Subscribes to one publisher: all its streams, or only the listed mids. Janus answers with an
     * {@code attached} event carrying its offer.
     */
    static ObjectNode joinSubscriber(JsonNode room, JsonNode feed, List<String> mids) {
        ObjectNode join = request("join").put("ptype", "subscriber");
        join.set("room", room);
        ArrayNode streams = join.putArray("streams");
        if (mids.isEmpty()) {
            streams.addObject().set("feed", feed);
        }
        for (String mid : mids) {
            streams.addObject().put("mid", mid).set("feed", feed);
        }
        return join;
    }

    /** Takes the subscriber's answer: media flows once ICE connects. */
    static ObjectNode start() {
        return request("start");
    }

    private static ObjectNode request(String request) {
        return JanusJson.object().put("request", request);
    }

    private static ObjectNode withAdminKey(ObjectNode body, String adminKey) {
        return adminKey.isEmpty() ? body : body.put("admin_key", adminKey);
    }

    private static ObjectNode janus(String kind) {
        return JanusJson.object().put("janus", kind);
    }
}
