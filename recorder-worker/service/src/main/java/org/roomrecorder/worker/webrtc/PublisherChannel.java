package org.roomrecorder.worker.webrtc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.roomrecorder.protocol.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publisher's data channel, as VDO.Ninja peers use it (seed-system notes §1.9): once open, the viewer sends
 * its media request, and it answers every {@code {"ping": x}} with {@code {"pong": x}}, or the publisher drops
 * the viewer after about 30 s. Once connected, a VDO.Ninja publisher renegotiates over the channel: an offer as
 * {@code {"description": {...}, "session": s}}, answered there with the same session, and candidates as
 * {@code {"candidates": [...]}} or {@code {"candidate": {...}}}. Other peers' channels get the same harmless
 * treatment. Messages are handled on the session executor; whatever the peer sends, nothing here throws.
 */
public final class PublisherChannel {
    /** Where the signaling a publisher sends over its channel goes: the session's peer connection. */
    public interface Signaling {
        /** A renegotiation offer; {@code reply} sends the answer back over the channel. */
        void offer(String sdp, Consumer<String> reply);

        void candidate(String candidate, String sdpMid, Integer sdpMLineIndex);
    }

    private static final Logger log = LoggerFactory.getLogger(PublisherChannel.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final String MEDIA_REQUEST = "{\"video\":true,\"audio\":true,\"allowscreenvideo\":true,"
            + "\"allowscreenaudio\":true,\"downloads\":false,\"iframe\":false,\"widget\":false,\"broadcast\":false,"
            + "\"allowmidi\":false,\"allowdrawing\":false,\"allowwebp\":false,\"allowchunked\":false,"
            + "\"allowresources\":false}";

    private final RTCDataChannel channel;
    private final Signaling signaling;
    private final String logPrefix;
    private boolean requested;
    private boolean warnedEncrypted;

    public PublisherChannel(RTCDataChannel channel, Executor session, Signaling signaling, String logPrefix) {
        this.channel = channel;
        this.signaling = signaling;
        this.logPrefix = logPrefix;
        channel.registerObserver(new RTCDataChannelObserver() {
            @Override
            public void onBufferedAmountChange(long previousAmount) {
            }

            @Override
            public void onStateChange() {
                WebRtc.guarded(logPrefix, "data channel state", () -> session.execute(PublisherChannel.this::opened));
            }

            @Override
            public void onMessage(RTCDataChannelBuffer buffer) {
                WebRtc.guarded(logPrefix, "data channel message", () -> {
                    if (buffer.binary || buffer.data.remaining() > MAX_MESSAGE_BYTES) {
                        return;
                    }
                    byte[] bytes = new byte[buffer.data.remaining()];
                    buffer.data.get(bytes);
                    session.execute(() -> WebRtc.guarded(logPrefix, "data channel message",
                            () -> received(new String(bytes, StandardCharsets.UTF_8))));
                });
            }
        });
        session.execute(this::opened);
    }

    /** Sends the media request again, as VDO.Ninja viewers do once ICE connects. */
    public void iceConnected() {
        requested = false;
        opened();
    }

    private void opened() {
        if (!requested && channel.getState() == RTCDataChannelState.OPEN) {
            requested = true;
            send(MEDIA_REQUEST);
        }
    }

    private void received(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (Exception e) {
            log.debug("{}ignored a data channel message that is not JSON", logPrefix);
            return;
        }
        if (message == null || !message.isObject()) {
            return;
        }
        if (message.has("vector")) {
            if (!warnedEncrypted) {
                warnedEncrypted = true;
                log.warn("{}ignored encrypted messages on the data channel: only the plugin holds the room password",
                        logPrefix);
            }
            return;
        }
        if (message.has("ping")) {
            ObjectNode pong = JSON.createObjectNode();
            pong.set("pong", message.get("ping"));
            send(pong.toString());
        }
        JsonNode description = message.path("description");
        if (description.path("type").asText().equals("offer") && description.path("sdp").isTextual()) {
            log.info("{}renegotiation offer on the data channel", logPrefix);
            JsonNode peerSession = message.get("session");
            signaling.offer(description.get("sdp").asText(), answer -> answer(answer, peerSession));
        }
        candidate(message.path("candidate"));
        message.path("candidates").forEach(this::candidate);
    }

    private void candidate(JsonNode candidate) {
        JsonNode mid = candidate.path("sdpMid");
        JsonNode index = candidate.path("sdpMLineIndex");
        if (candidate.path("candidate").isTextual() && (mid.isMissingNode() || mid.isNull() || mid.isTextual())
                && (index.isMissingNode() || index.isNull() || index.canConvertToInt())) {
            signaling.candidate(candidate.get("candidate").asText(), mid.isTextual() ? mid.asText() : null,
                    index.canConvertToInt() ? index.asInt() : null);
        }
    }

    private void answer(String sdp, JsonNode peerSession) {
        ObjectNode message = JSON.createObjectNode();
        message.putObject("description").put("type", "answer").put("sdp", sdp);
        if (peerSession != null) {
            message.set("session", peerSession);
        }
        send(message.toString());
    }

    private void send(String text) {
        try {
            channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), false));
        } catch (Exception e) {
            log.debug("{}data channel send failed: {}", logPrefix, Text.printable(e.getMessage()));
        }
    }

    public void close() {
        WebRtc.quietly("unregister the data channel observer", channel::unregisterObserver);
        WebRtc.quietly("close the data channel", channel::close);
    }
}
