package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.math.BigInteger;
import org.roomrecorder.protocol.Text;

/**
 * One message from Janus's API, read defensively: Janus is trusted to speak its protocol, but a proxy, a version
 * change or a remote publisher's text can still put anything into it, so every accessor tolerates a missing or
 * mistyped field.
 *
 * @param janus       the message kind: {@code success}, {@code error}, {@code ack}, {@code event}, {@code trickle},
 *                    {@code webrtcup}, {@code media}, {@code hangup}, {@code detached}, {@code timeout}, …
 * @param transaction the request this answers, or null
 * @param sender      the handle it concerns, or null for session-level messages
 * @param body        the whole message
 */
record JanusMessage(String janus, String transaction, Long sender, JsonNode body) {

    /**
     * Reads the envelope; null if the text is not a JSON object with a string {@code janus} field. The kind is kept
     * printable (no real kind changes), so that it can go into a log line as it is.
     */
    static JanusMessage of(JsonNode body) {
        if (body == null || !body.isObject() || !body.path("janus").isTextual()) {
            return null;
        }
        JsonNode transaction = body.path("transaction");
        return new JanusMessage(Text.printable(body.get("janus").asText()),
                transaction.isTextual() ? transaction.asText() : null, unsignedId(body.path("sender")), body);
    }

    /** A Janus session or handle id (an unsigned 64-bit number), or null if the node is none. */
    static Long unsignedId(JsonNode node) {
        if (!node.isIntegralNumber()) {
            return null;
        }
        BigInteger value = node.bigIntegerValue();
        return value.signum() < 0 || value.bitLength() > 64 ? null : value.longValue();
    }

    /** {@code data.id} of a {@code success} reply to create or attach, or null. */
    Long dataId() {
        return unsignedId(body.path("data").path("id"));
    }

    /** The plugin's own answer ({@code plugindata.data}), or a missing node. */
    JsonNode pluginData() {
        JsonNode data = body.path("plugindata").path("data");
        return data.isObject() ? data : MissingNode.getInstance();
    }

    /** The SDP of an attached offer, or null if there is none or it is not an offer. */
    String offerSdp() {
        JsonNode jsep = body.path("jsep");
        return "offer".equals(jsep.path("type").asText(null)) && jsep.path("sdp").isTextual()
                ? jsep.get("sdp").asText() : null;
    }

    /** Why Janus refused a request ({@code error.code} and {@code error.reason}), safe for a log line. */
    String errorText() {
        JsonNode error = body.path("error");
        return error.path("code").asInt(0) + " " + Text.printable(error.path("reason").asText("(no reason)"));
    }

    /** A VideoRoom error inside an event ({@code error_code}, {@code error}) safe for a log line, or null. */
    String pluginError() {
        JsonNode data = pluginData();
        if (!data.has("error_code") && !data.has("error")) {
            return null;
        }
        return data.path("error_code").asInt(0) + " " + Text.printable(data.path("error").asText("(no reason)"));
    }

    /** The VideoRoom's {@code error_code}, or 0. */
    int pluginErrorCode() {
        return pluginData().path("error_code").asInt(0);
    }

    /** The VideoRoom's own kind of the event ({@code joined}, {@code event}, {@code attached}, …), printable. */
    String videoroom() {
        return Text.printable(pluginData().path("videoroom").asText(""));
    }

    /** Why Janus hung up, safe for a log line. */
    String reason() {
        return Text.printable(body.path("reason").asText(""));
    }
}
