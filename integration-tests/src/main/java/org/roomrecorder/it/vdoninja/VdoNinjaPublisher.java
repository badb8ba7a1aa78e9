package org.roomrecorder.it.vdoninja;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.roomrecorder.it.FarmProcess;
import org.roomrecorder.it.vdoninja.VdoNinjaRoomServer.Behaviour;

/**
 * The publisher side of VDO.Ninja signaling (seed-system-raspberry-ninja.md §1), its media from one of the farm's
 * synthetic publishers: joins the room with its stream id, and on {@code play} (relay) or {@code offerSDP}
 * (official server) starts a session of its own: a fresh farm peer connection, its offer sent with a new 8-character
 * session token, the viewer's answer and candidates taken only for that session, its own candidates sent in the
 * bundle form or the single form. With a password every description and candidate is encrypted and the room and
 * stream ids hashed, as the reference describes.
 */
public final class VdoNinjaPublisher {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SESSION_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** How this publisher sends its candidates: all as one-element bundles, all single, or alternating. */
    public enum CandidateForm { BUNDLE, SINGLE, MIXED }

    private final FarmProcess farm;
    private final Behaviour behaviour;
    private final String room;
    private final String streamId;
    private final String uuid;
    private final VdoNinjaCrypto crypto;
    /** The key fields are sealed and opened with: the room's, unless a test gives this publisher a wrong one. */
    private final VdoNinjaCrypto sealing;
    private final double tone;
    private final int[] yuv;
    private final CandidateForm candidateForm;
    private final List<String> sessions = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private volatile URI server;
    private volatile SignalingClient client;
    private volatile String viewer;
    private volatile String session;
    private int candidatesSent;

    VdoNinjaPublisher(FarmProcess farm, Behaviour behaviour, String room, String streamId, VdoNinjaCrypto crypto,
            VdoNinjaCrypto sealing, double tone, int[] yuv, CandidateForm candidateForm) {
        this.farm = farm;
        this.behaviour = behaviour;
        this.room = room;
        this.streamId = streamId;
        // A relay client names itself (numeric, as Raspberry Ninja's puuid); the official server names it instead.
        this.uuid = behaviour == Behaviour.PLAIN_RELAY ? String.valueOf(1_000_000_000L + RANDOM.nextInt(1 << 30)) : null;
        this.crypto = crypto;
        this.sealing = sealing;
        this.tone = tone;
        this.yuv = yuv;
        this.candidateForm = candidateForm;
    }

    /** The stream id without the password suffix: what a stream filter names and the recording is called by. */
    public String streamId() {
        return streamId;
    }

    /** The stream id as it goes over the wire (with the 6-hex suffix when there is a password). */
    public String wireStreamId() {
        return crypto == null ? streamId : streamId + crypto.streamSuffix();
    }

    /** Every session token this publisher has offered with, oldest first. */
    public List<String> sessions() {
        return sessions;
    }

    /** What went wrong on this publisher's side (undecryptable answers and the like), for tests to assert on. */
    public List<String> problems() {
        return problems;
    }

    /** Connects to the room server and joins the room with this publisher's stream. */
    public void join(URI server) throws Exception {
        this.server = server;
        client = SignalingClient.connect(server, this::message);
        String roomId = crypto == null ? room : crypto.roomId(room);
        send(JSON.createObjectNode().put("request", "joinroom").put("roomid", roomId).put("streamID", wireStreamId()));
    }

    /**
     * Starts over with a new peer connection and a new session token, offered to the same viewer unasked, as a
     * VDO.Ninja publisher does when its connection to a viewer is rebuilt.
     */
    public synchronized void newSession() {
        if (viewer == null) {
            throw new IllegalStateException(streamId + " has no viewer yet");
        }
        startSession(viewer);
    }

    /** Says {@code bye} to the viewer and closes the peer connection; the websocket stays in the room. */
    public synchronized void bye() {
        if (viewer != null) {
            send(JSON.createObjectNode().put("request", "bye").put("UUID", viewer));
        }
        endSession();
    }

    /**
     * Drops the websocket and the peer connection without a word, and joins again on a new socket, as a browser
     * reloading the page would: a new UUID from the official server, the same self-chosen one on a relay (as
     * Raspberry Ninja keeps its puuid). The next {@code play} or {@code offerSDP} starts a new session.
     */
    public void reconnect() throws Exception {
        leave();
        synchronized (this) {
            viewer = null;
        }
        join(server);
    }

    /** Leaves: the peer connection and the websocket close, without a word to the viewer. */
    public synchronized void leave() {
        endSession();
        if (client != null) {
            client.close();
        }
    }

    private void message(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (Exception e) {
            problems.add("not JSON from the server: " + text.length() + " characters");
            return;
        }
        String request = message.path("request").asText("");
        String peer = behaviour == Behaviour.OFFICIAL ? message.path("UUID").asText(null) : message.path("from").asText(null);
        synchronized (this) {
            if (behaviour == Behaviour.OFFICIAL && request.equals("offerSDP") && peer != null) {
                startSession(peer);
            } else if (behaviour == Behaviour.PLAIN_RELAY && request.equals("play") && peer != null
                    && wireStreamId().equals(message.path("streamID").asText())) {
                startSession(peer);
            } else if (peer != null && peer.equals(viewer) && session != null
                    && session.equals(message.path("session").asText())) {
                fromViewer(message);
            }
        }
    }

    /** An answer or candidates from the viewer of the current session. */
    private void fromViewer(JsonNode message) {
        try {
            if (message.has("description")) {
                JsonNode description = open(message, "description");
                if ("answer".equals(description.path("type").asText())) {
                    farm.answer(farmId(), description.path("sdp").asText());
                }
            }
            if (message.has("candidates")) {
                for (JsonNode c : open(message, "candidates")) {
                    candidateToFarm(c);
                }
            } else if (message.has("candidate")) {
                candidateToFarm(message.has("vector") ? open(message, "candidate") : message);
            }
        } catch (Exception e) {
            problems.add("unreadable message from the viewer: " + e);
        }
    }

    private void candidateToFarm(JsonNode c) {
        farm.candidate(farmId(), c.path("candidate").asText(), c.path("sdpMid").asText("0"),
                c.has("sdpMLineIndex") ? c.path("sdpMLineIndex").asInt() : null);
    }

    /** A field's value: as it is, or decrypted when the message carries a {@code vector}. */
    private JsonNode open(JsonNode message, String field) throws Exception {
        if (!message.has("vector")) {
            return message.get(field);
        }
        if (sealing == null) {
            throw new IllegalStateException("encrypted " + field + " in a room without a password");
        }
        return JSON.readTree(sealing.decrypt(message.get(field).asText(), message.get("vector").asText()));
    }

    private void startSession(String viewer) {
        endSession();
        this.viewer = viewer;
        StringBuilder token = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            token.append(SESSION_CHARACTERS.charAt(RANDOM.nextInt(SESSION_CHARACTERS.length())));
        }
        session = token.toString();
        sessions.add(session);
        candidatesSent = 0;
        farm.create(farmId(), tone, yuv);
    }

    private void endSession() {
        if (session != null) {
            farm.close(farmId());
            session = null;
        }
    }

    /** The farm publisher of the current session: one per session, so a late event of an old one is told apart. */
    String farmId() {
        return streamId + "/" + session;
    }

    /** An event of the farm publisher {@code id}: its offer and candidates go to the viewer, sealed if need be. */
    synchronized void farmEvent(String id, JsonNode event) {
        if (session == null || !id.equals(farmId())) {
            return; // a session that has ended
        }
        switch (event.path("type").asText()) {
            case "offer" -> {
                ObjectNode description = JSON.createObjectNode().put("type", "offer").put("sdp", event.path("sdp").asText());
                ObjectNode message = toViewer().put("streamID", wireStreamId());
                seal(message, "description", description);
                send(message);
            }
            case "candidate" -> {
                ObjectNode candidate = JSON.createObjectNode().put("candidate", event.path("candidate").asText())
                        .put("sdpMLineIndex", event.path("sdpMLineIndex").asInt())
                        .put("sdpMid", event.path("sdpMid").asText());
                boolean bundle = candidateForm == CandidateForm.BUNDLE
                        || candidateForm == CandidateForm.MIXED && candidatesSent++ % 2 == 0;
                ObjectNode message = toViewer().put("type", "local");
                if (bundle) {
                    seal(message, "candidates", JSON.createArrayNode().add(candidate));
                } else if (sealing != null) {
                    seal(message, "candidate", candidate);
                } else {
                    message.setAll(candidate); // an unencrypted single candidate is the whole message (§1.5)
                }
                send(message);
            }
            default -> { } // end-of-candidates and states need not reach the viewer
        }
    }

    private ObjectNode toViewer() {
        return JSON.createObjectNode().put("UUID", viewer).put("session", session);
    }

    /** Puts {@code value} into {@code field}: as it is, or encrypted with its {@code vector} (§1.8). */
    private void seal(ObjectNode message, String field, JsonNode value) {
        if (sealing == null) {
            message.set(field, value);
        } else {
            VdoNinjaCrypto.Sealed sealed = sealing.encrypt(value.toString());
            message.put(field, sealed.hex()).put("vector", sealed.vector());
        }
    }

    private void send(ObjectNode message) {
        if (uuid != null) {
            message.put("from", uuid);
        }
        client.send(message.toString());
    }
}
