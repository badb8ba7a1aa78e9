package org.roomrecorder.plugin.hosts.vdoninja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.roomrecorder.plugin.logging.Slf4jContextLogger;
import org.roomrecorder.plugin.spi.ConferenceHost;
import org.roomrecorder.plugin.spi.HostContext;
import org.roomrecorder.protocol.transport.Waits;

@DisplayName("The VDO.Ninja host, against a scripted signaling server on a real WebSocket")
class VdoNinjaHostTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final NinjaCrypto CRYPTO = new NinjaCrypto("someEncryptionKey123", "vdo.ninja");

    private final List<String> journal = new CopyOnWriteArrayList<>();
    private final FakeCore core = new FakeCore(journal);
    private FakeSignalingServer server;
    private ConferenceHost host;

    private void start(String settings) throws Exception {
        server = new FakeSignalingServer();
        host = new VdoNinjaHostProvider().create(new HostContext(ConfigFactory.parseString("url = \"" + server.url()
                        + "\", room = myroom, reconnect-min-delay = 50 ms, reconnect-max-delay = 200 ms, "
                        + "max-message-bytes = 65536, " + settings)
                .withFallback(ConfigFactory.defaultReference().getConfig(VdoNinjaConfig.PATH)),
                Slf4jContextLogger.create("test", Map.of())));
        core.host(host::subscribe);
        host.start(core, core);
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
        server.close();
    }

    /** The n-th message the server received on connection {@code connection} with this request. */
    private JsonNode awaitReceived(int connection, String request) {
        Waits.until(WAIT, () -> find(connection, request) != null, request + " on connection " + connection + " in "
                + server.received);
        return find(connection, request);
    }

    private JsonNode find(int connection, String request) {
        return server.received.stream().filter(r -> r.startsWith(connection + " "))
                .map(r -> NinjaJson.parse(r.substring(r.indexOf(' ') + 1)))
                .filter(m -> request.equals(m.path("request").asText(m.has("description") ? "description" : "")))
                .findFirst().orElse(null);
    }

    private void awaitJournal(String line) {
        Waits.until(WAIT, () -> journal.contains(line), line + " in " + journal);
    }

    @Test
    @DisplayName("official server: joins hashed without streamID, plays a listed publisher after binding, answers")
    void official() throws Exception {
        start("mode = official");
        JsonNode join = awaitReceived(1, "joinroom");
        assertEquals(CRYPTO.roomId("myroom"), join.get("roomid").textValue());
        assertTrue(!join.has("streamID") && !join.has("from"), join.toString());
        Publisher alice = new Publisher("uuid-alice", "alice" + CRYPTO.streamSuffix(), CRYPTO, null);
        server.fragment(3);
        server.send(Publisher.listing(alice));
        JsonNode play = awaitReceived(1, "play");
        assertEquals(alice.streamId, play.get("streamID").textValue());
        assertEquals("uuid-alice", play.get("UUID").textValue());
        assertTrue(journal.indexOf("bind vdoninja-uuid:uuid-alice to uuid-alice#0") >= 0, journal.toString());
        server.send(alice.offer("sess1", "v=0 alice"));
        awaitJournal("to uuid-alice#0: offer v=0 alice");
        core.subscription("uuid-alice#0").answer("v=0 answer");
        JsonNode answer = awaitReceived(1, "description");
        assertEquals("sess1", answer.get("session").textValue());
        assertEquals("{\"type\":\"answer\",\"sdp\":\"v=0 answer\"}",
                CRYPTO.decrypt(answer.get("description").textValue(), answer.get("vector").textValue()));
    }

    @Test
    @DisplayName("a dropped connection reports the subscription lost, reconnects, rejoins and records again")
    void reconnects() throws Exception {
        start("mode = official, password = \"\"");
        awaitReceived(1, "joinroom");
        Publisher bob = new Publisher("uuid-bob", "bob", null, null);
        server.send(Publisher.listing(bob));
        awaitReceived(1, "play");
        server.send(bob.offer("b1", "v=0 bob"));
        awaitJournal("to uuid-bob#0: offer v=0 bob");
        server.dropConnections();
        awaitJournal("lost vdoninja-peer:uuid-bob/b1: lost the signaling server: the signaling server closed the WebSocket "
                + "(1006)");
        awaitReceived(2, "joinroom");
        server.send(Publisher.listing(bob));
        awaitReceived(2, "play");
        server.send(bob.offer("b2", "v=0 bob again"));
        awaitJournal("to uuid-bob#1: offer v=0 bob again");
    }

    @Test
    @DisplayName("relay: names itself in from; a message over max-message-bytes is dropped and the next one read")
    void relayAndOversized() throws Exception {
        start("mode = relay, password = \"\"");
        JsonNode join = awaitReceived(1, "joinroom");
        String own = join.get("from").textValue();
        assertEquals("myroom", join.get("roomid").textValue());
        server.send("{\"request\":\"joinroom\",\"roomid\":\"myroom\",\"streamID\":\"huge\",\"from\":\"x\",\"pad\":\""
                + "x".repeat(70_000) + "\"}");
        Publisher carol = new Publisher("carol-id", "carol", null, own);
        server.send(carol.relayedJoinroom("myroom"));
        JsonNode play = awaitReceived(1, "play");
        assertEquals(own, play.get("from").textValue());
        assertEquals("carol", play.get("streamID").textValue());
        assertEquals(List.of("joined carol-id carol", "added carol-id"),
                journal.stream().filter(l -> l.startsWith("joined") || l.startsWith("added")).toList());
    }
}
