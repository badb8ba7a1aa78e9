package org.roomrecorder.plugin.hosts.vdoninja;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.roomrecorder.plugin.spi.IceCandidate;

/**
 * The messages the recorder sends, with the field names of the original (seed-system notes §1.4). In relay mode
 * every one names the recorder in {@code from}; with a password the SDP and candidates are encrypted, the rest stays
 * in the clear, as the server needs it for routing.
 */
final class NinjaRequests {
    private final NinjaCrypto crypto;
    private final String from;

    /**
     * @param crypto the room's password scheme, or null when the room is not encrypted
     * @param from   the recorder's own id on a relay, or null with the official server
     */
    NinjaRequests(NinjaCrypto crypto, String from) {
        this.crypto = crypto;
        this.from = from;
    }

    /** Joins the room as a recorder: without a {@code streamID}, so that nobody is offered a stream of ours. */
    ObjectNode joinroom(String roomId) {
        return sign(NinjaJson.object().put("request", "joinroom").put("roomid", roomId));
    }

    /** Asks the publisher of {@code streamId} (the id as listed, with its suffix) for its stream. */
    ObjectNode play(String streamId, String uuid) {
        return sign(NinjaJson.object().put("request", "play").put("streamID", streamId).put("UUID", uuid));
    }

    /** The answer to the publisher's offer of connection {@code session}. */
    ObjectNode answer(String uuid, String session, String sdp) {
        ObjectNode message = NinjaJson.object();
        ObjectNode description = NinjaJson.object().put("type", "answer").put("sdp", sdp);
        seal(message, "description", description);
        return sign(message.put("UUID", uuid).put("session", session));
    }

    /**
     * One of the recorder's candidates, as a one-element bundle. Its {@code type} is {@code remote}: VDO.Ninja names
     * candidates from the publisher's point of view, and to the publisher the recorder is the remote side.
     */
    ObjectNode candidate(String uuid, String session, IceCandidate candidate) {
        ObjectNode entry = NinjaJson.object().put("candidate", candidate.candidate());
        if (candidate.sdpMLineIndex() != null) {
            entry.put("sdpMLineIndex", candidate.sdpMLineIndex());
        } else {
            entry.put("sdpMid", candidate.sdpMid()); // the original never sends sdpMid; without an index it must
        }
        ArrayNode bundle = NinjaJson.object().arrayNode().add(entry);
        ObjectNode message = NinjaJson.object();
        seal(message, "candidates", bundle);
        return sign(message.put("UUID", uuid).put("session", session).put("type", "remote"));
    }

    private void seal(ObjectNode message, String field, JsonNode value) {
        if (crypto == null) {
            message.set(field, value);
            return;
        }
        NinjaCrypto.Sealed sealed = crypto.encrypt(value.toString());
        message.put(field, sealed.ciphertext()).put("vector", sealed.vector());
    }

    private ObjectNode sign(ObjectNode message) {
        return from == null ? message : message.put("from", from);
    }
}
