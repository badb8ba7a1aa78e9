package org.roomrecorder.plugin.hosts.vdoninja;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A VDO.Ninja publisher's messages as the recorder receives them, in the shapes of seed-system notes §1.5. With the
 * official server the sender is in {@code UUID}; through a relay it is in {@code from} and {@code UUID} names the
 * recipient. With a password, description and candidates are encrypted and carry a {@code vector}.
 */
final class Publisher {
    final String uuid;
    final String streamId;
    private final NinjaCrypto crypto;
    private final String recorder;

    /**
     * @param crypto   the publisher's password scheme, or null
     * @param recorder the recorder's relay id ({@code from} mode), or null for the official server's form
     */
    Publisher(String uuid, String streamId, NinjaCrypto crypto, String recorder) {
        this.uuid = uuid;
        this.streamId = streamId;
        this.crypto = crypto;
        this.recorder = recorder;
    }

    String offer(String session, String sdp) {
        ObjectNode message = NinjaJson.object();
        seal(message, "description", NinjaJson.object().put("type", "offer").put("sdp", sdp));
        return address(message.put("session", session).put("streamID", streamId));
    }

    /** The bundle form, {@code type: local}. */
    String candidates(String session, String... lines) {
        ArrayNode bundle = NinjaJson.object().arrayNode();
        for (int i = 0; i < lines.length; i++) {
            bundle.addObject().put("candidate", lines[i]).put("sdpMLineIndex", i % 2)
                    .put("sdpMid", String.valueOf(i % 2));
        }
        ObjectNode message = NinjaJson.object();
        seal(message, "candidates", bundle);
        return address(message.put("session", session).put("type", "local"));
    }

    /** The single form: unencrypted, the whole message is the candidate; encrypted, the candidate object is. */
    String candidate(String session, String line, int index) {
        ObjectNode message = NinjaJson.object();
        if (crypto == null) {
            message.put("candidate", line).put("sdpMLineIndex", index);
        } else {
            seal(message, "candidate", NinjaJson.object().put("candidate", line).put("sdpMLineIndex", index));
        }
        return address(message.put("session", session));
    }

    String videoAddedToRoom() {
        return address(NinjaJson.object().put("request", "videoaddedtoroom").put("streamID", streamId));
    }

    String someoneJoined() {
        return address(NinjaJson.object().put("request", "someonejoined").put("streamID", streamId));
    }

    /** A relay passes the publisher's own joinroom on unchanged. */
    String relayedJoinroom(String roomId) {
        return NinjaJson.object().put("request", "joinroom").put("roomid", roomId).put("streamID", streamId)
                .put("from", uuid).toString();
    }

    String bye() {
        return address(NinjaJson.object().put("request", "bye"));
    }

    /** The official server's listing after joinroom: no sender at top level. */
    static String listing(Publisher... members) {
        ObjectNode message = NinjaJson.object().put("request", "listing");
        ArrayNode list = message.putArray("list");
        for (Publisher member : members) {
            list.addObject().put("UUID", member.uuid).put("streamID", member.streamId);
        }
        list.addObject().put("UUID", "viewer-without-stream");
        return message.toString();
    }

    private void seal(ObjectNode message, String field, JsonNode value) {
        if (crypto == null) {
            message.set(field, value);
        } else {
            NinjaCrypto.Sealed sealed = crypto.encrypt(value.toString());
            message.put(field, sealed.ciphertext()).put("vector", sealed.vector());
        }
    }

    private String address(ObjectNode message) {
        if (recorder == null) {
            return message.put("UUID", uuid).toString();
        }
        return message.put("from", uuid).put("UUID", recorder).toString();
    }
}
