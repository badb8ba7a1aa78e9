package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.roomrecorder.it.vdoninja.SignalingClient;
import org.roomrecorder.it.vdoninja.VdoNinjaCrypto;
import org.roomrecorder.it.vdoninja.VdoNinjaPublisher;
import org.roomrecorder.it.vdoninja.VdoNinjaPublisher.CandidateForm;
import org.roomrecorder.it.vdoninja.VdoNinjaPublishers;
import org.roomrecorder.it.vdoninja.VdoNinjaRoomServer;
import org.roomrecorder.it.vdoninja.VdoNinjaRoomServer.Behaviour;
import org.roomrecorder.it.vdoninja.WebSocketServer;
import org.roomrecorder.protocol.transport.Waits;

/**
 * The VDO.Ninja harness on its own, before any adapter: the websocket server against RFC 6455 on a raw socket, the
 * password scheme against values computed independently (Python's hashlib, OpenSSL), and a farm publisher and a
 * hand-driven viewer exchanging a whole signaling conversation through both server behaviours, with random delays.
 */
class VdoNinjaHarnessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private TestNetwork network;
    private VdoNinjaRoomServer server;
    private VdoNinjaPublishers publishers;
    private SignalingClient viewerSocket;

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(viewerSocket, publishers, server, network);
    }

    @Test
    void theWebSocketServerSpeaksRfc6455() throws Exception {
        List<String> texts = new CopyOnWriteArrayList<>();
        try (WebSocketServer ws = WebSocketServer.start(new WebSocketServer.Listener() {
            @Override
            public void opened(WebSocketServer.Connection connection) {
            }

            @Override
            public void text(WebSocketServer.Connection connection, String message) {
                texts.add(message);
                connection.send("echo " + message);
            }

            @Override
            public void closed(WebSocketServer.Connection connection) {
            }
        }, 1024)) {
            try (Socket socket = new Socket("127.0.0.1", ws.port())) {
                // RFC 6455 section 1.3's own example key and accept value.
                String response = handshake(socket, "dGhlIHNhbXBsZSBub25jZQ==");
                assertTrue(response.startsWith("HTTP/1.1 101"), response);
                assertTrue(response.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), response);
                OutputStream out = socket.getOutputStream();
                DataInputStream in = new DataInputStream(socket.getInputStream());
                // A text message in two fragments with a ping between them, as the RFC allows.
                out.write(frame(false, 0x1, "hel".getBytes(StandardCharsets.UTF_8), true));
                out.write(frame(true, 0x9, "p".getBytes(StandardCharsets.UTF_8), true));
                out.write(frame(true, 0x0, "lo".getBytes(StandardCharsets.UTF_8), true));
                assertEquals("10 p", readFrame(in));
                assertEquals("1 echo hello", readFrame(in));
                out.write(frame(true, 0x1, new byte[2000], true));
                assertEquals("8 " + (char) 0x03 + (char) 0xF1 + "message too big", readFrame(in)); // 1009
            }
            try (Socket socket = new Socket("127.0.0.1", ws.port())) {
                handshake(socket, "AQIDBAUGBwgJCgsMDQ4PEA==");
                socket.getOutputStream().write(frame(true, 0x1, "x".getBytes(StandardCharsets.UTF_8), false));
                String close = readFrame(new DataInputStream(socket.getInputStream()));
                assertTrue(close.startsWith("8 " + (char) 0x03 + (char) 0xEA), close); // 1002: clients must mask
            }
            try (Socket socket = new Socket("127.0.0.1", ws.port())) {
                handshake(socket, "AQIDBAUGBwgJCgsMDQ4PEA==");
                socket.getOutputStream().write(frame(true, 0x1, new byte[] {(byte) 0xC3, 0x28}, true));
                String close = readFrame(new DataInputStream(socket.getInputStream()));
                assertTrue(close.startsWith("8 " + (char) 0x03 + (char) 0xEF), close); // 1007: not UTF-8
            }
            assertEquals(List.of("hello"), texts);
        }
    }

    @Test
    void thePasswordSchemeMatchesTheReference() throws Exception {
        VdoNinjaCrypto crypto = new VdoNinjaCrypto("someEncryptionKey123", "vdo.ninja");
        // Computed with Python's hashlib: SHA-256 of the phrases, cut to 6 and 16 hex characters.
        assertEquals("808d64", crypto.streamSuffix());
        assertEquals("6b71779a041e0a55", crypto.roomId("roomA"));
        // Made with openssl enc -aes-256-cbc, the key being that SHA-256 and the IV 000102…0f.
        String openssl = "e6e3b01add0693c318f82913da88759f54f735f197932948bc1cecccf49e9ecf";
        String iv = "000102030405060708090a0b0c0d0e0f";
        assertEquals("{\"type\":\"offer\",\"sdp\":\"v=0\"}", crypto.decrypt(openssl, iv));
        VdoNinjaCrypto.Sealed sealed = crypto.encrypt("[1,2]");
        assertEquals(32, sealed.vector().length());
        assertTrue(sealed.hex().matches("[0-9a-f]{32}"), sealed.hex());
        assertEquals("[1,2]", crypto.decrypt(sealed.hex(), sealed.vector()));
        VdoNinjaCrypto wrong = new VdoNinjaCrypto("wrong", "vdo.ninja");
        String plaintext = "{\"type\":\"answer\",\"sdp\":\"v=0 and more text to fill some blocks\"}";
        VdoNinjaCrypto.Sealed secret = crypto.encrypt(plaintext);
        try {
            assertNotEquals(plaintext, wrong.decrypt(secret.hex(), secret.vector()));
        } catch (GeneralSecurityException expected) {
            // the usual outcome: the padding does not check out under the wrong key
        }
        assertThrows(IllegalArgumentException.class, () -> crypto.decrypt("zz", iv));
    }

    /** A publisher and a viewer through each server behaviour, with and without a password, messages delayed. */
    @ParameterizedTest
    @CsvSource({"OFFICIAL,", "PLAIN_RELAY,", "OFFICIAL,secret", "PLAIN_RELAY,secret"})
    void aPublisherAndAViewerNegotiateThroughTheServer(Behaviour behaviour, String password) throws Exception {
        network = new TestNetwork();
        server = VdoNinjaRoomServer.start(behaviour, 7, 1 << 20);
        server.delays(Duration.ofMillis(50), false);
        publishers = VdoNinjaPublishers.start(server, network, dir.resolve("farm.log"), 15);
        VdoNinjaCrypto crypto = password == null ? null : new VdoNinjaCrypto(password, "vdo.ninja");
        VdoNinjaPublisher early = publishers.create("room-h", "early", crypto, 440, new int[] {81, 90, 240},
                CandidateForm.MIXED);
        publishers.join(early);
        Waits.until(WAIT, () -> server.members().size() == 1, "the publisher in the room");

        Viewer viewer = new Viewer(behaviour, crypto);
        String roomId = crypto == null ? "room-h" : crypto.roomId("room-h");
        viewer.send(JSON.createObjectNode().put("request", "joinroom").put("roomid", roomId));
        VdoNinjaPublisher late = publishers.create("room-h", "late", crypto, 550, new int[] {125, 156, 100},
                CandidateForm.SINGLE);
        publishers.join(late);

        // How the viewer learns of the two streams: a listing and a join event, or (relay) the joinroom broadcast.
        String earlyUuid;
        String lateUuid;
        if (behaviour == Behaviour.OFFICIAL) {
            JsonNode listing = viewer.await(m -> m.path("request").asText().equals("listing"));
            assertEquals(1, listing.path("list").size(), listing::toString);
            assertEquals(early.wireStreamId(), listing.path("list").get(0).path("streamID").asText());
            earlyUuid = listing.path("list").get(0).path("UUID").asText();
            JsonNode added = viewer.await(m -> m.path("request").asText().equals("videoaddedtoroom"));
            assertEquals(late.wireStreamId(), added.path("streamID").asText());
            lateUuid = added.path("UUID").asText();
        } else {
            earlyUuid = null; // a relay lists nobody: the early publisher stays unknown until it speaks
            JsonNode joined = viewer.await(m -> m.path("request").asText().equals("joinroom"));
            assertEquals(late.wireStreamId(), joined.path("streamID").asText());
            assertEquals(roomId, joined.path("roomid").asText());
            lateUuid = joined.path("from").asText();
        }
        if (crypto != null) {
            assertTrue(late.wireStreamId().equals("late" + crypto.streamSuffix()), late.wireStreamId());
        }

        for (VdoNinjaPublisher p : List.of(early, late)) {
            ObjectNode play = JSON.createObjectNode().put("request", "play").put("streamID", p.wireStreamId());
            String uuid = p == early ? earlyUuid : lateUuid;
            if (uuid != null) {
                play.put("UUID", uuid);
            }
            viewer.send(play);
        }
        for (VdoNinjaPublisher p : List.of(early, late)) {
            JsonNode offer = viewer.await(m -> m.has("description")
                    && m.path("streamID").asText().equals(p.wireStreamId()));
            assertEquals(crypto != null, offer.has("vector"), offer::toString);
            JsonNode description = viewer.open(offer, "description");
            assertEquals("offer", description.path("type").asText());
            assertTrue(description.path("sdp").asText().startsWith("v=0"), description::toString);
            String session = offer.path("session").asText();
            assertEquals(8, session.length(), offer::toString);
            assertEquals(List.of(session), p.sessions());
            String sender = viewer.sender(offer);
            assertEquals(p == early ? Optional.ofNullable(earlyUuid).orElse(sender) : lateUuid, sender);
            // Candidates of that session, in the form the publisher was made with.
            JsonNode candidate = viewer.await(m -> session.equals(m.path("session").asText())
                    && (m.has("candidates") || m.has("candidate")));
            assertEquals("local", candidate.path("type").asText(), candidate::toString);
            JsonNode first = candidate.has("candidates") ? viewer.open(candidate, "candidates").get(0)
                    : crypto != null ? viewer.open(candidate, "candidate") : candidate;
            assertTrue(first.path("candidate").asText().startsWith("candidate:"), candidate::toString);
            assertTrue(first.has("sdpMLineIndex"), candidate::toString);
        }
        assertTrue(viewer.messages.stream().anyMatch(m -> m.has("candidates"))
                && viewer.messages.stream().anyMatch(m -> m.has("candidate")), "both candidate forms were sent");

        // A new session on the same socket is offered unasked; bye names the publisher.
        late.newSession();
        JsonNode again = viewer.await(m -> m.has("description")
                && m.path("session").asText().equals(late.sessions().get(1)));
        assertEquals(lateUuid, viewer.sender(again));
        assertNotEquals(late.sessions().get(0), late.sessions().get(1));
        late.bye();
        JsonNode bye = viewer.await(m -> m.path("request").asText().equals("bye"));
        assertEquals(lateUuid, viewer.sender(bye));
        assertTrue(early.problems().isEmpty() && late.problems().isEmpty(), early.problems() + " " + late.problems());
        assertTrue(publishers.errors().isEmpty(), publishers.errors()::toString);
    }

    /** Room ids, stream ids and every description and candidate are hidden from the server with a password. */
    @Test
    void withAPasswordTheServerSeesNoSdpAndNoPlainIds() throws Exception {
        network = new TestNetwork();
        server = VdoNinjaRoomServer.start(Behaviour.OFFICIAL, 1, 1 << 20);
        publishers = VdoNinjaPublishers.start(server, network, dir.resolve("farm.log"), 15);
        VdoNinjaCrypto crypto = new VdoNinjaCrypto("hunter2", "example.org");
        Viewer viewer = new Viewer(Behaviour.OFFICIAL, crypto);
        viewer.send(JSON.createObjectNode().put("request", "joinroom").put("roomid", crypto.roomId("hidden")));
        VdoNinjaPublisher p = publishers.create("hidden", "cam", crypto, 440, new int[] {81, 90, 240},
                CandidateForm.MIXED);
        publishers.join(p);
        JsonNode added = viewer.await(m -> m.path("request").asText().equals("videoaddedtoroom"));
        viewer.send(JSON.createObjectNode().put("request", "play").put("streamID", added.path("streamID").asText())
                .put("UUID", added.path("UUID").asText()));
        viewer.await(m -> m.has("candidates") || m.has("candidate") && m.has("vector"));
        for (VdoNinjaRoomServer.Received r : server.received()) {
            assertFalse(r.text().contains("v=0") || r.text().contains("candidate:") || r.text().contains("hidden")
                    || r.text().contains("\"cam\""), r.text());
        }
        // The wrong password cannot open what the publisher sent.
        JsonNode offer = viewer.await(m -> m.has("description"));
        VdoNinjaCrypto wrong = new VdoNinjaCrypto("hunter3", "example.org");
        String opened;
        try {
            opened = wrong.decrypt(offer.path("description").asText(), offer.path("vector").asText());
        } catch (GeneralSecurityException expected) {
            opened = null;
        }
        assertTrue(opened == null || !opened.contains("v=0"), "the wrong key opened the offer");
    }

    /** The plugin inside the test network reaches the server in this JVM through a reverse bridge. */
    @Test
    void theServerIsReachableFromInsideTheTestNetwork() throws Exception {
        network = new TestNetwork();
        server = VdoNinjaRoomServer.start(Behaviour.OFFICIAL, 1, 1 << 20);
        try (PortBridge bridge = PortBridge.reverse(network, server.port(), dir.resolve("server.sock"),
                dir.resolve("bridge.log"))) {
            // A websocket handshake and one masked joinroom from bash inside the network, as the plugin's would be.
            String joinroom = "{\"request\":\"joinroom\",\"roomid\":\"r\"}";
            StringBuilder frame = new StringBuilder("\\x81\\x" + Integer.toHexString(0x80 | joinroom.length())
                    + "\\x00\\x00\\x00\\x00"); // a zero mask leaves the payload as it is
            frame.append(joinroom.replace("\"", "\\\""));
            String script = "exec 3<>/dev/tcp/127.0.0.1/" + server.port() + "; printf 'GET / HTTP/1.1\\r\\nHost: x\\r\\n"
                    + "Upgrade: websocket\\r\\nConnection: Upgrade\\r\\nSec-WebSocket-Key: "
                    + "dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Version: 13\\r\\n\\r\\n' >&3; head -c 129 <&3;"
                    + " printf \"" + frame + "\" >&3; head -c 33 <&3";
            Process bash = new ProcessBuilder(network.command(List.of("bash", "-c", script))).redirectErrorStream(true)
                    .start();
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(output.startsWith("HTTP/1.1 101") && output.contains("{\"request\":\"listing\",\"list\":[]}"),
                    output);
            assertEquals("r", server.received().isEmpty() ? null
                    : JSON.readTree(server.received().get(0).text()).path("roomid").asText());
        }
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** A viewer driven by hand: what the adapter will do, reduced to what these tests check. */
    private final class Viewer {
        final Behaviour behaviour;
        final VdoNinjaCrypto crypto;
        final String uuid = "4242424242";
        final List<JsonNode> messages = new CopyOnWriteArrayList<>();

        Viewer(Behaviour behaviour, VdoNinjaCrypto crypto) throws Exception {
            this.behaviour = behaviour;
            this.crypto = crypto;
            viewerSocket = SignalingClient.connect(URI.create("ws://127.0.0.1:" + server.port()), text -> {
                try {
                    messages.add(JSON.readTree(text));
                } catch (Exception e) {
                    throw new AssertionError("the server sent something that is not JSON: " + text, e);
                }
            });
        }

        void send(ObjectNode message) {
            if (behaviour == Behaviour.PLAIN_RELAY) {
                message.put("from", uuid);
            }
            viewerSocket.send(message.toString());
        }

        JsonNode await(Predicate<JsonNode> what) {
            List<JsonNode> found = new ArrayList<>();
            Waits.until(WAIT, () -> {
                messages.stream().filter(what).findFirst().ifPresent(found::add);
                return !found.isEmpty();
            }, "a message to the viewer; it has " + messages);
            return found.get(0);
        }

        /** Who sent a message: {@code UUID} as the official server rewrites it, {@code from} on a relay. */
        String sender(JsonNode message) {
            String sender = message.path(behaviour == Behaviour.OFFICIAL ? "UUID" : "from").asText(null);
            assertNotNull(sender, message::toString);
            return sender;
        }

        JsonNode open(JsonNode message, String field) throws Exception {
            return message.has("vector")
                    ? JSON.readTree(crypto.decrypt(message.get(field).asText(), message.get("vector").asText()))
                    : message.get(field);
        }
    }

    private static String handshake(Socket socket, String key) throws Exception {
        socket.getOutputStream().write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder response = new StringBuilder();
        while (!response.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            response.append((char) b);
        }
        return response.toString();
    }

    /** A client frame: masked unless told otherwise, with a fixed mask so a failure replays. */
    private static byte[] frame(boolean fin, int opcode, byte[] payload, boolean masked) {
        byte[] mask = HexFormat.of().parseHex("a1b2c3d4");
        int header = payload.length < 126 ? 2 : 4;
        byte[] frame = new byte[header + (masked ? 4 : 0) + payload.length];
        frame[0] = (byte) ((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            frame[1] = (byte) ((masked ? 0x80 : 0) | payload.length);
        } else {
            frame[1] = (byte) ((masked ? 0x80 : 0) | 126);
            frame[2] = (byte) (payload.length >>> 8);
            frame[3] = (byte) payload.length;
        }
        int at = header;
        if (masked) {
            System.arraycopy(mask, 0, frame, at, 4);
            at += 4;
        }
        for (int i = 0; i < payload.length; i++) {
            frame[at + i] = (byte) (payload[i] ^ (masked ? mask[i & 3] : 0));
        }
        return frame;
    }

    /** A server frame (small, unmasked) as "opcode payload", the payload read as ISO-8859-1 to keep close codes. */
    private static String readFrame(DataInputStream in) throws Exception {
        int first = in.readUnsignedByte();
        int length = in.readUnsignedByte();
        assertEquals(0, length & 0x80, "servers do not mask");
        byte[] payload = new byte[length];
        in.readFully(payload);
        return (first & 0x0F) + " " + new String(payload, StandardCharsets.ISO_8859_1);
    }
}
