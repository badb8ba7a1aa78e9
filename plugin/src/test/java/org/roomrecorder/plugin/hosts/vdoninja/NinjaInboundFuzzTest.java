package org.roomrecorder.plugin.hosts.vdoninja;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.roomrecorder.plugin.hosts.JsonFuzzer;
import org.roomrecorder.plugin.hosts.LogWatch;

/**
 * Seeded fuzzing of the VDO.Ninja adapter's inbound door: mutated signaling messages (listings, join events,
 * offers, candidate bundles and single candidates, byes, server errors; encrypted and not) through the adapter's
 * parser and dispatch into its room and signaling, as {@link RoomHarness} wires them. Nothing may throw, no handler
 * may catch an exception, and no log line may carry a raw control character.
 */
@DisplayName("The VDO.Ninja adapter's inbound messages, fuzzed")
class NinjaInboundFuzzTest {
    private final LogWatch logs = new LogWatch();

    @AfterEach
    void detach() {
        logs.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mode = relay, password = \"\"", "mode = official"})
    @DisplayName("signaling messages: 150,000 mutated messages per room kind")
    void messages(String settings) {
        boolean relay = settings.contains("relay");
        String recorder = relay ? "recorder1" : null;
        List<String> seeds = seeds(new RoomHarness(settings), recorder);
        RoomHarness[] room = {null};
        long seed = JsonFuzzer.seed();
        int inputs = JsonFuzzer.inputs(150_000);
        long[] reached = {0};
        new JsonFuzzer(seeds).run("VDO.Ninja messages (" + settings + ")", seed, inputs, text -> {
            if (room[0] == null || room[0].journal.size() > 2_000) {
                reached[0] += room[0] == null ? 0 : room[0].core.received.size();
                room[0] = new RoomHarness(settings);
                room[0].connect(recorder);
            }
            room[0].receive(text);
        }, logs::check);
        reached[0] += room[0].core.received.size();
        assertTrue(reached[0] > inputs / 1000, "mutated messages still reached recording sessions: " + reached[0]);
    }

    /** Real messages of three publishers in the harness's room, as its server would deliver them. */
    private static List<String> seeds(RoomHarness room, String recorder) {
        List<Publisher> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            peers.add(new Publisher("uuid" + i, room.wireStream("cam" + i), room.crypto, recorder));
        }
        Publisher alice = peers.get(0);
        return List.of(Publisher.listing(peers.toArray(Publisher[]::new)),
                alice.offer("s1", "v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n"),
                alice.candidates("s1", "candidate:1 1 udp 2013266431 127.0.0.2 40000 typ host",
                        "candidate:2 1 tcp 1 127.0.0.2 9 typ host tcptype active"),
                alice.candidate("s1", "candidate:3 1 udp 1 127.0.0.2 40001 typ host", 1),
                peers.get(1).videoAddedToRoom(), peers.get(1).someoneJoined(),
                peers.get(2).relayedJoinroom(room.roomId()), peers.get(1).offer("s2", "v=0\r\n"),
                peers.get(2).bye(), "{\"request\":\"seed\",\"streamID\":\"cam9\",\"UUID\":\"uuid9\"}",
                "{\"error\":\"room is full\"}", "{\"alert\":{\"code\":1}}",
                "{\"description\":{\"type\":\"answer\",\"sdp\":\"v=0\"},\"UUID\":\"uuid0\",\"session\":\"s1\"}");
    }
}
