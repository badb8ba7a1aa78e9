package org.roomrecorder.plugin.hosts.vdoninja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.roomrecorder.plugin.spi.HostKey;
import org.roomrecorder.plugin.spi.IceCandidate;

@DisplayName("VDO.Ninja room events and signaling routing")
class NinjaRoutingTest {

    private static List<String> matching(List<String> journal, String prefix) {
        return journal.stream().filter(line -> line.startsWith(prefix)).toList();
    }

    @Test
    @DisplayName("reports a listed publisher, binds its UUID before play, and play names streamID and UUID")
    void bindBeforePlay() {
        RoomHarness room = new RoomHarness("");
        room.connect(null);
        Publisher alice = new Publisher("uuid-alice", room.wireStream("alice"), room.crypto, null);
        room.receive(Publisher.listing(alice));
        int bind = room.journal.indexOf("bind vdoninja-uuid:uuid-alice to uuid-alice#0");
        int play = room.journal.indexOf("sent play " + alice.streamId + " uuid-alice");
        assertTrue(bind >= 0 && play > bind, room.journal.toString());
        assertEquals(List.of("sent joinroom  ", "joined uuid-alice alice", "added uuid-alice",
                "bind vdoninja-uuid:uuid-alice to uuid-alice#0", "sent play " + alice.streamId + " uuid-alice"),
                room.journal);
        JsonNode join = room.sent("joinroom").get(0);
        assertEquals(room.crypto.roomId("myroom"), join.get("roomid").textValue());
        assertTrue(!join.has("streamID") && !join.has("from"), join.toString());
    }

    @Test
    @DisplayName("binds the session's key before the offer; answers echo the session, encrypted, and so do candidates")
    void offerAndAnswer() throws Exception {
        RoomHarness room = new RoomHarness("");
        room.connect(null);
        Publisher alice = new Publisher("uuid-alice", room.wireStream("alice"), room.crypto, null);
        room.receive(alice.videoAddedToRoom());
        room.receive(alice.offer("sessA", "v=0 alice"));
        room.receive(alice.candidates("sessA", "candidate:a1", "candidate:a2"));
        room.receive(alice.candidate("sessA", "candidate:a3", 0));
        assertEquals(List.of("bind vdoninja-peer:uuid-alice/sessA to uuid-alice#0",
                "to uuid-alice#0: offer v=0 alice", "to uuid-alice#0: candidate candidate:a1",
                "to uuid-alice#0: candidate candidate:a2", "to uuid-alice#0: candidate candidate:a3"),
                room.journal.subList(room.journal.indexOf("sent play " + alice.streamId + " uuid-alice") + 1,
                        room.journal.size()));
        room.run(() -> room.core.subscription("uuid-alice#0").answer("v=0 answer"));
        room.run(() -> room.core.subscription("uuid-alice#0").candidate(new IceCandidate("candidate:w", "0", 0)));
        List<JsonNode> out = room.sent(null);
        assertEquals(2, out.size());
        JsonNode answer = out.get(0);
        assertEquals("uuid-alice", answer.get("UUID").textValue());
        assertEquals("sessA", answer.get("session").textValue());
        assertEquals("{\"type\":\"answer\",\"sdp\":\"v=0 answer\"}",
                room.crypto.decrypt(answer.get("description").textValue(), answer.get("vector").textValue()));
        JsonNode candidate = out.get(1);
        assertEquals("remote", candidate.get("type").textValue());
        assertEquals("sessA", candidate.get("session").textValue());
        assertEquals("[{\"candidate\":\"candidate:w\",\"sdpMLineIndex\":0}]",
                room.crypto.decrypt(candidate.get("candidates").textValue(), candidate.get("vector").textValue()));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    @DisplayName("20 publishers, listing, join events, offers and candidates shuffled: each lands on its own session")
    void shuffled(long seed) {
        Random random = new Random(seed);
        boolean relay = random.nextBoolean();
        RoomHarness room = new RoomHarness(random.nextBoolean() ? "password = \"\"" : "password = pepper");
        room.connect(relay ? "recorder1" : null);
        List<Publisher> listed = new ArrayList<>();
        List<List<String>> perPeer = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Publisher peer = new Publisher("uuid" + i, room.wireStream("cam" + i), room.crypto,
                    relay ? "recorder1" : null);
            List<String> messages = new ArrayList<>();
            switch (random.nextInt(4)) {
                case 0 -> listed.add(peer);
                case 1 -> messages.add(relay ? peer.relayedJoinroom(room.roomId()) : peer.videoAddedToRoom());
                case 2 -> messages.add(peer.someoneJoined());
                default -> messages.add(peer.relayedJoinroom(room.roomId()));
            }
            // After it is announced, a publisher's candidates may overtake its offer.
            List<String> signaling = new ArrayList<>(List.of(peer.offer("s" + i, "v=0 peer" + i),
                    peer.candidates("s" + i, "candidate:" + i + "a", "candidate:" + i + "b"),
                    peer.candidate("s" + i, "candidate:" + i + "c", 1)));
            Collections.shuffle(signaling, random);
            messages.addAll(signaling);
            perPeer.add(messages);
        }
        List<String> order = interleave(perPeer, random);
        order.add(0, Publisher.listing(listed.toArray(Publisher[]::new)));
        // Listed publishers' own messages wait for the listing; the others may come before it.
        for (String message : order) {
            room.receive(message);
        }
        assertEquals(20, room.sent("play").size(), room.journal.toString());
        for (int i = 0; i < 20; i++) {
            String session = "uuid" + i + "#0";
            assertEquals(List.of("offer v=0 peer" + i), room.core.received.get(session).stream()
                    .filter(r -> r.startsWith("offer")).toList(), "seed " + seed + ", peer " + i);
            assertEquals(List.of("candidate:" + i + "a", "candidate:" + i + "b", "candidate:" + i + "c"),
                    room.core.received.get(session).stream().filter(r -> r.startsWith("candidate "))
                            .map(r -> r.substring(10)).sorted().toList(), "seed " + seed + ", peer " + i);
            int bind = room.journal.indexOf("bind vdoninja-uuid:uuid" + i + " to " + session);
            int play = room.journal.indexOf("sent play " + room.wireStream("cam" + i) + " uuid" + i);
            assertTrue(bind >= 0 && bind < play, "seed " + seed + ": bind before play for peer " + i);
        }
        assertEquals(List.of(), matching(room.journal, "unknown"));
        assertEquals(List.of(), matching(room.journal, "stale"));
    }

    /** Keeps each peer's own order, interleaves the peers at random. */
    private static List<String> interleave(List<List<String>> perPeer, Random random) {
        List<Integer> slots = new ArrayList<>();
        for (int i = 0; i < perPeer.size(); i++) {
            for (int j = 0; j < perPeer.get(i).size(); j++) {
                slots.add(i);
            }
        }
        Collections.shuffle(slots, random);
        int[] next = new int[perPeer.size()];
        List<String> order = new ArrayList<>();
        for (int peer : slots) {
            order.add(perPeer.get(peer).get(next[peer]++));
        }
        return order;
    }

    @Test
    @DisplayName("a new session from a known UUID is a new generation that takes the held offer without a second play")
    void newSessionNewGeneration() {
        RoomHarness room = new RoomHarness("password = \"\"");
        room.connect(null);
        Publisher bob = new Publisher("uuid-bob", "bob", null, null);
        room.receive(bob.videoAddedToRoom());
        room.receive(bob.offer("first", "v=0 first"));
        room.journal.clear();
        room.receive(bob.offer("second", "v=0 second"));
        room.receive(bob.candidates("second", "candidate:2"));
        room.receive(bob.candidates("first", "candidate:late"));
        room.receive(bob.offer("second", "v=0 second renegotiated"));
        assertEquals(List.of("left uuid-bob", "joined uuid-bob bob", "added uuid-bob",
                "bind vdoninja-uuid:uuid-bob to uuid-bob#1", "bind vdoninja-peer:uuid-bob/second to uuid-bob#1",
                "to uuid-bob#1: offer v=0 second", "to uuid-bob#1: candidate candidate:2",
                "stale vdoninja-peer:uuid-bob/first candidate candidate:late",
                "to uuid-bob#1: offer v=0 second renegotiated"), room.journal);
        assertEquals(1, room.sent("play").size());
    }

    @Test
    @DisplayName("bye and cleanup report the endpoint gone; its later messages reach nobody")
    void bye() {
        RoomHarness room = new RoomHarness("password = \"\"");
        room.connect(null);
        Publisher carol = new Publisher("uuid-carol", "carol", null, null);
        Publisher dave = new Publisher("uuid-dave", "dave", null, null);
        room.receive(Publisher.listing(carol, dave));
        room.receive(carol.offer("c1", "v=0 carol"));
        room.receive(carol.bye());
        room.receive(carol.candidates("c1", "candidate:late"));
        room.receive("{\"request\":\"cleanup\",\"UUID\":\"uuid-dave\"}");
        assertEquals(List.of("left uuid-carol", "left uuid-dave"),
                room.journal.stream().filter(l -> l.startsWith("removed") || l.startsWith("left")).toList());
        assertNull(room.core.currentSession("uuid-carol"));
        assertEquals(List.of("offer v=0 carol"), room.core.received.get("uuid-carol#0"));
    }

    @Test
    @DisplayName("after a bye, a new connection from the same UUID is recorded again as a new generation")
    void byeThenNewConnection() {
        RoomHarness room = new RoomHarness("password = \"\"");
        room.connect(null);
        Publisher ivy = new Publisher("uuid-ivy", "ivy", null, null);
        room.receive(ivy.videoAddedToRoom());
        room.receive(ivy.offer("i1", "v=0 first"));
        room.receive(ivy.bye());
        room.receive(ivy.bye());
        room.receive(ivy.offer("i1", "v=0 late renegotiation"));
        room.journal.clear();
        room.receive(ivy.offer("i2", "v=0 second"));
        assertEquals(List.of("joined uuid-ivy ivy", "added uuid-ivy", "bind vdoninja-uuid:uuid-ivy to uuid-ivy#1",
                "bind vdoninja-peer:uuid-ivy/i2 to uuid-ivy#1", "to uuid-ivy#1: offer v=0 second"), room.journal);
        assertEquals(List.of("offer v=0 first"), room.core.received.get("uuid-ivy#0"));
        assertEquals(1, room.sent("play").size());
    }

    @Test
    @DisplayName("after a bye, a new announcement records the publisher again")
    void byeThenAnnounced() {
        RoomHarness room = new RoomHarness("password = \"\"");
        room.connect(null);
        Publisher jay = new Publisher("uuid-jay", "jay", null, null);
        room.receive(jay.someoneJoined());
        room.receive(jay.bye());
        room.receive(jay.videoAddedToRoom());
        assertEquals(List.of("joined uuid-jay jay", "added uuid-jay", "left uuid-jay",
                "joined uuid-jay jay", "added uuid-jay"),
                room.journal.stream().filter(l -> l.matches("(joined|added|removed|left) .*")).toList());
        assertEquals(2, room.sent("play").size());
    }

    @Test
    @DisplayName("a publisher that hangs up before its subscription runs is not asked to play; its next connection is")
    void hangsUpBeforePlay() {
        RoomHarness room = new RoomHarness("password = \"\"");
        room.connect(null);
        Publisher gina = new Publisher("uuid-gina", "gina", null, null);
        room.receiveAll(gina.someoneJoined(), gina.bye(), gina.offer("g1", "v=0 unasked"));
        assertEquals(List.of(), room.sent("play"));
        assertEquals(List.of(), room.core.received.get("uuid-gina#0"));
        assertEquals(List.of("bind vdoninja-uuid:uuid-gina to uuid-gina#1",
                "bind vdoninja-peer:uuid-gina/g1 to uuid-gina#1"), matching(room.journal, "bind"));
        assertEquals(List.of("offer v=0 unasked"), room.core.received.get("uuid-gina#1"));
    }

    @Test
    @DisplayName("a subscription whose bind the core refuses sends no play")
    void bindRefused() {
        RoomHarness room = new RoomHarness("password = \"\"");
        room.connect(null);
        Publisher hal = new Publisher("uuid-hal", "hal", null, null);
        room.run(() -> room.core.bind(new HostKey("vdoninja-uuid", "uuid-hal"), "other"));
        room.receive(hal.videoAddedToRoom());
        assertEquals(List.of(), room.sent("play"));
        room.receive(hal.offer("h1", "v=0 hal"));
        assertEquals(List.of(), room.core.received.get("uuid-hal#0"));
    }

    @Test
    @DisplayName("a publisher with another password is not recorded; the others are unaffected")
    void wrongPassword() {
        RoomHarness room = new RoomHarness("");
        room.connect(null);
        Publisher good = new Publisher("uuid-good", room.wireStream("good"), room.crypto, null);
        Publisher wrong = new Publisher("uuid-wrong", room.wireStream("wrong"), new NinjaCrypto("guess", "vdo.ninja"),
                null);
        room.receive(Publisher.listing(good, wrong));
        room.receive(wrong.offer("w1", "v=0 wrong"));
        room.receive(good.offer("g1", "v=0 good"));
        room.receive(wrong.candidates("w1", "candidate:w"));
        assertEquals(List.of("offer v=0 good"), room.core.received.get("uuid-good#0"));
        assertEquals(List.of(), room.core.received.get("uuid-wrong#0"));
    }

    @Test
    @DisplayName("malformed and hostile messages between good ones change nothing")
    void hostileInput() {
        RoomHarness room = new RoomHarness("password = \"\", streams = [eve, mallory]");
        room.connect(null);
        Publisher eve = new Publisher("uuid-eve", "eve", null, null);
        room.receive(eve.videoAddedToRoom());
        for (String bad : List.of("garbage",
                "{\"request\":\"videoaddedtoroom\",\"streamID\":\"../../x\",\"UUID\":\"u\"}",
                "{\"request\":\"videoaddedtoroom\",\"streamID\":\"mallory\"}",
                "{\"request\":\"someonejoined\",\"streamID\":\"m\\u202eallory\",\"UUID\":\"m\"}",
                "{\"request\":\"videoaddedtoroom\",\"streamID\":\"notlisted\",\"UUID\":\"x\"}",
                "{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0 forged\"},\"UUID\":\"stranger\",\"session\":\"z\"}",
                "{\"description\":{\"type\":\"offer\",\"sdp\":\"v=0 nosession\"},\"UUID\":\"uuid-eve\"}",
                "{\"description\":{\"type\":\"answer\",\"sdp\":\"v=0\"},\"UUID\":\"uuid-eve\",\"session\":\"e1\"}",
                "{\"candidates\":[{\"candidate\":\"candidate:r\",\"sdpMLineIndex\":0}],\"UUID\":\"uuid-eve\","
                        + "\"session\":\"e1\",\"type\":\"remote\"}",
                "{\"description\":\"00ff\",\"vector\":\"00\",\"UUID\":\"uuid-eve\",\"session\":\"e1\"}",
                "{\"request\":\"listing\",\"list\":[{\"UUID\":\"x\\n\",\"streamID\":\"mallory\"}]}")) {
            room.receive(bad);
        }
        room.receive(eve.offer("e1", "v=0 eve"));
        assertEquals(List.of("offer v=0 eve"), room.core.received.get("uuid-eve#0"));
        assertEquals(1, room.core.received.size(), room.core.received.toString());
        assertEquals(1, room.sent("play").size());
    }

    @Test
    @DisplayName("a lost server reports the subscriptions lost; the rejoin's listing reports the publishers again")
    void reconnectOfficial() {
        RoomHarness room = new RoomHarness("password = \"\"");
        room.connect(null);
        Publisher stays = new Publisher("uuid-stays", "stays", null, null);
        Publisher goes = new Publisher("uuid-goes", "goes", null, null);
        room.receive(Publisher.listing(stays, goes));
        room.receive(stays.offer("a", "v=0 a"));
        room.journal.clear();
        room.disconnect("connection reset");
        assertEquals(List.of("lost vdoninja-peer:uuid-stays/a: lost the signaling server: connection reset",
                "lost vdoninja-uuid:uuid-goes: lost the signaling server: connection reset"), room.journal);
        room.journal.clear();
        room.connect(null);
        assertEquals(List.of("sent joinroom  "), room.journal);
        room.receive(Publisher.listing(stays));
        assertEquals(List.of("added uuid-stays", "left uuid-goes",
                "bind vdoninja-uuid:uuid-stays to uuid-stays#1", "sent play stays uuid-stays"),
                room.journal.subList(1, 5));
        room.receive(stays.offer("b", "v=0 b"));
        assertEquals(List.of("offer v=0 b"), room.core.received.get("uuid-stays#1"));
    }

    @Test
    @DisplayName("through a relay: from names the sender, echoes and others' messages are ignored, rejoin re-reports")
    void relay() {
        RoomHarness room = new RoomHarness("password = \"\"");
        room.connect("rec-1");
        assertEquals("rec-1", room.sent("joinroom").get(0).get("from").textValue());
        Publisher erin = new Publisher("erin-id", "erin", null, "rec-1");
        room.receive(erin.relayedJoinroom("myroom"));
        room.receive("{\"request\":\"joinroom\",\"roomid\":\"otherroom\",\"streamID\":\"x\",\"from\":\"zed\"}");
        room.receive("{\"request\":\"joinroom\",\"roomid\":\"myroom\",\"from\":\"rec-1\"}");
        room.receive(new Publisher("erin-id", "erin", null, "someone-else").offer("e9", "v=0 not for us"));
        room.receive(erin.offer("e1", "v=0 erin"));
        assertEquals("rec-1", room.sent("play").get(0).get("from").textValue());
        assertEquals("erin-id", room.sent("play").get(0).get("UUID").textValue());
        assertEquals(List.of("offer v=0 erin"), room.core.received.get("erin-id#0"));
        assertEquals(1, room.core.received.size());
        room.disconnect("gone");
        room.connect("rec-2");
        assertEquals(List.of("offer v=0 erin"), room.core.received.get("erin-id#0"));
        assertTrue(room.journal.contains("bind vdoninja-uuid:erin-id to erin-id#1"), room.journal.toString());
        assertEquals("rec-2", room.sent("play").get(1).get("from").textValue());
    }

    @Test
    @DisplayName("a stream id that reappears under a new UUID ends the old endpoint")
    void streamMovesToNewUuid() {
        RoomHarness room = new RoomHarness("password = \"\"");
        room.connect(null);
        room.receive(new Publisher("old-uuid", "frank", null, null).videoAddedToRoom());
        room.receive(new Publisher("new-uuid", "frank", null, null).videoAddedToRoom());
        assertEquals(List.of("joined old-uuid frank", "added old-uuid", "left old-uuid",
                "joined new-uuid frank", "added new-uuid"),
                room.journal.stream().filter(l -> l.matches("(joined|added|removed|left) .*")).toList());
    }
}
