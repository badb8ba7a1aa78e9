package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.roomrecorder.it.ConferenceManifest.Segment;
import org.roomrecorder.it.janus.PluginProcess;
import org.roomrecorder.it.vdoninja.VdoNinjaCrypto;
import org.roomrecorder.it.vdoninja.VdoNinjaPublisher;
import org.roomrecorder.it.vdoninja.VdoNinjaPublisher.CandidateForm;
import org.roomrecorder.it.vdoninja.VdoNinjaPublishers;
import org.roomrecorder.it.vdoninja.VdoNinjaRoomServer;
import org.roomrecorder.it.vdoninja.VdoNinjaRoomServer.Behaviour;
import org.roomrecorder.protocol.transport.Waits;
import org.roomrecorder.worker.manifest.DiskReserve;
import org.roomrecorder.worker.media.MediaSignatures;
import org.roomrecorder.worker.probe.RecordingProbe;

/**
 * The whole chain through a VDO.Ninja room: the test's room server (both behaviours), webrtc-java publishers speaking
 * the publisher side of the protocol, the plugin from its drop-in jar with the {@code vdoninja} adapter, the worker.
 * Every file is judged by the tone and colour of the publisher it should hold; every wait is for evidence in the
 * worker's manifest. Recordings are found by their stream id (the adapter's endpoint is the publisher's UUID).
 */
class VdoNinjaIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PUBLISHERS = 20;
    /** Twenty colours (BT.601 Y, U, V), each at least 38 away from every other in some plane. */
    private static final int[][] COLOURS = palette();
    /**
     * Twenty tones 10 % apart, from 400 Hz to about 2.4 kHz (MediaSignatures looks up to 3 kHz). Recorded tones run up
     * to 2 % flat on busy cores, so a tone is recognised within 4 %: never nearer a neighbour's. Not lower: a 300 Hz
     * tone with a 20 ms audio gap in its window once measured 320 Hz, outside the tolerance.
     */
    private static final double[] TONES = tones();
    private static final double TONE_TOLERANCE = 0.04;
    private static final String SALT = "vdo.ninja";
    /**
     * How the manifest may say a publisher said {@code bye}: the adapter reports the peer's sources gone, then the
     * peer, and the core names whichever ends the recording first.
     */
    private static final Set<String> BYE_REASONS = Set.of("endpoint-left", "unpublished");

    /** Kept when a test fails: the logs of the plugin, worker, farm and bridge are the evidence. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;
    private TestNetwork network;
    private WorkerProcess worker;
    private VdoNinjaRoomServer server;
    private PortBridge bridge;
    private PluginProcess plugin;
    private VdoNinjaPublishers publishers;
    private final Map<String, Integer> signatureOf = new ConcurrentHashMap<>();
    private final RecordingProbe probe = new RecordingProbe("ffprobe");

    /** The network, a worker, the room server bridged into the network, and the farm; the plugin comes later. */
    private void start(Behaviour behaviour, long seed) throws Exception {
        network = new TestNetwork();
        worker = WorkerProcess.start(network, dir.resolve("worker"), "sessions.max = 24"); // twenty at once
        // Large enough for any honest message; the hostile test's huge SDP goes to the plugin, not through here.
        server = VdoNinjaRoomServer.start(behaviour, seed, 1 << 20);
        bridge = PortBridge.reverse(network, server.port(), dir.resolve("server.sock"), dir.resolve("bridge.log"));
        publishers = VdoNinjaPublishers.start(server, network, dir.resolve("farm.log"), 15);
    }

    /**
     * The plugin recording {@code room}, inside the network, through the bridge to the room server; returns once it
     * is in the room. A relay lists nobody, so a publisher that joined before the plugin would stay unseen there.
     */
    private void startPlugin(String room, String password) throws Exception {
        String section = String.join("\n",
                "url = \"ws://127.0.0.1:" + server.port() + "\"",
                "mode = " + (server.behaviour() == Behaviour.OFFICIAL ? "official" : "relay"),
                "room = \"" + room + "\"",
                "password = \"" + (password == null ? "" : password) + "\"",
                "salt = \"" + SALT + "\"");
        // Modest settings, as JanusIT's twelve: twenty publishers, the farm and the worker share two cores.
        plugin = PluginProcess.start(network, dir.resolve("plugin"), "vdoninja", section, List.of(worker.socket()),
                "options { frame-rate = 15, max-width = 320, max-height = 180, video-bitrate-kbps = 300,\n"
                        + "  file-name-template = \"{streamId}-g{generation}-s{segment}\" }");
        String roomId = password == null ? room : new VdoNinjaCrypto(password, SALT).roomId(room);
        Waits.until(Duration.ofSeconds(20), () -> server.members().stream()
                .anyMatch(m -> m.streamId() == null && roomId.equals(m.room())), "the plugin in room " + room);
    }

    @AfterEach
    void stop() throws Exception {
        // The publishers leave first, then the plugin finalizes what it still records.
        Resources.closeAll(publishers, plugin, bridge, server, worker, network);
    }

    /**
     * Twenty publishers joining within two seconds, each after a random delay, while the server holds every message
     * back at random (on the relay, even one peer's offer and candidates overtake each other): twenty files, each
     * with its own publisher's tone and colour. With the official server half of them are in the room before the
     * plugin, so they come in its listing while the others come as join events (a relay lists nobody).
     */
    @ParameterizedTest
    @EnumSource(Behaviour.class)
    void twentyPublishersJoiningAtOnceEachGetTheirOwnFile(Behaviour behaviour) throws Exception {
        start(behaviour, 20);
        server.delays(Duration.ofMillis(300), behaviour == Behaviour.PLAIN_RELAY);
        List<VdoNinjaPublisher> room = new ArrayList<>();
        for (int i = 0; i < PUBLISHERS; i++) {
            room.add(create("room-20", "cam" + i, null, i, CandidateForm.values()[i % 3]));
        }
        int early = behaviour == Behaviour.OFFICIAL ? PUBLISHERS / 2 : 0;
        for (VdoNinjaPublisher p : room.subList(0, early)) {
            publishers.join(p);
        }
        startPlugin("room-20", null);
        Random random = new Random(20);
        ExecutorService joins = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> joined = new ArrayList<>();
            Instant start = Instant.now();
            for (VdoNinjaPublisher p : room.subList(early, PUBLISHERS)) {
                long delay = random.nextInt(2000);
                joined.add(joins.submit(() -> {
                    // The random join times are this test's input, not a wait for something.
                    Thread.sleep(Math.max(0, delay - Duration.between(start, Instant.now()).toMillis()));
                    publishers.join(p);
                    return null;
                }));
            }
            for (Future<?> f : joined) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            joins.shutdownNow();
        }

        ConferenceManifest manifest = manifest("room-20");
        for (VdoNinjaPublisher p : room) {
            awaitMedia(manifest, p, 0, 5);
        }
        room.forEach(VdoNinjaPublisher::bye);
        for (VdoNinjaPublisher p : room) {
            Segment segment = awaitEnded(manifest, p, 1).get(0);
            assertTrue(BYE_REASONS.contains(segment.json().path("endReason").asText()), segment.json()::toString);
            assertRecording(segment, p, 5);
        }
        assertEquals(PUBLISHERS, manifest.json().path("recordings").size(), manifest.json()::toString);
        assertNoHarnessErrors(room);
    }

    /**
     * A password-protected room: its publishers are recorded (ids hashed, every description and candidate sealed);
     * one that found the room but seals with another password gets a clear error in the plugin's log and no media
     * in any file, and no recording holds anyone else's media.
     */
    @Test
    void anEncryptedRoomIsRecordedAndAWrongPasswordIsAClearError() throws Exception {
        start(Behaviour.OFFICIAL, 2);
        VdoNinjaCrypto crypto = new VdoNinjaCrypto("correct horse", SALT);
        startPlugin("secret-room", "correct horse");
        List<VdoNinjaPublisher> room = List.of(create("secret-room", "alice", crypto, 0, CandidateForm.MIXED),
                create("secret-room", "bob", crypto, 1, CandidateForm.SINGLE));
        VdoNinjaPublisher mallory = publishers.create("secret-room", "mallory", crypto,
                new VdoNinjaCrypto("battery staple", SALT), TONES[2], COLOURS[2], CandidateForm.BUNDLE);
        for (VdoNinjaPublisher p : room) {
            publishers.join(p);
        }
        publishers.join(mallory);
        ConferenceManifest manifest = manifest("secret-room");
        for (VdoNinjaPublisher p : room) {
            awaitMedia(manifest, p, 0, 4);
        }
        Waits.until(Duration.ofSeconds(20), () -> plugin.logContains("room password"),
                "the plugin to say the password does not match");
        // Then bad ciphertext in alice's name and session: garbage, not hex, and sealed right but not JSON.
        VdoNinjaPublisher alice = room.get(0);
        String from = "\"UUID\": \"" + uuidOf(alice) + "\", \"session\": \"" + alice.sessions().get(0) + "\"";
        VdoNinjaCrypto.Sealed notJson = crypto.encrypt("not { json");
        for (String bad : List.of(
                "{\"description\": \"" + "ab".repeat(48) + "\", \"vector\": \"" + "00".repeat(16) + "\", " + from + "}",
                "{\"candidates\": \"xyz\", \"vector\": \"0g\", " + from + "}",
                "{\"candidate\": \"" + "ab".repeat(15) + "\", \"vector\": \"" + "00".repeat(16) + "\", " + from + "}",
                "{\"description\": \"" + notJson.hex() + "\", \"vector\": \"" + notJson.vector() + "\", " + from + "}")) {
            assertTrue(server.inject(recorderUuid(), bad), "the plugin is connected");
        }
        Instant injected = Instant.now();
        Waits.until(Duration.ofSeconds(20), () -> Instant.now().isAfter(injected.plusSeconds(2)),
                "2 s of media after the bad ciphertext");
        room.forEach(VdoNinjaPublisher::bye);
        for (VdoNinjaPublisher p : room) {
            Segment segment = awaitEnded(manifest, p, 1).get(0);
            assertTrue(segment.at("endedAt").orElseThrow().isAfter(injected.plusSeconds(1)),
                    "recorded on after the bad ciphertext: " + segment.json());
            assertRecording(segment, p, 4);
        }
        for (Segment s : segments(manifest, "mallory")) {
            assertTrue(s.at("firstVideoFrameAt").isEmpty() && s.at("firstAudioFrameAt").isEmpty(),
                    "no media from the publisher with the wrong password: " + s.json());
        }
        assertNoHarnessErrors(room);
    }

    /**
     * A publisher that starts over with a new session is recorded on in a new file of a new generation, the old one
     * closed first; {@code bye} closes its file and the manifest says why.
     */
    @Test
    void aNewSessionStartsANewGenerationAndByeClosesTheFile() throws Exception {
        start(Behaviour.PLAIN_RELAY, 3);
        startPlugin("room-s", null);
        VdoNinjaPublisher alice = create("room-s", "alice", null, 0, CandidateForm.MIXED);
        VdoNinjaPublisher bob = create("room-s", "bob", null, 1, CandidateForm.BUNDLE);
        publishers.join(alice);
        publishers.join(bob);
        ConferenceManifest manifest = manifest("room-s");
        awaitMedia(manifest, alice, 0, 3);
        awaitMedia(manifest, bob, 0, 3);
        alice.newSession();
        awaitMedia(manifest, alice, 1, 3);
        alice.bye();
        bob.bye();

        List<Segment> segments = awaitEnded(manifest, alice, 2);
        Segment before = segments.get(0);
        Segment after = segments.get(1);
        assertEquals(List.of(0, 1), List.of(before.generation(), after.generation()), segments::toString);
        assertFalse(before.at("endedAt").orElseThrow().isAfter(after.at("startedAt").orElseThrow().plusMillis(500)),
                "the old file ended before the new one began: " + segments);
        assertTrue(BYE_REASONS.contains(after.json().path("endReason").asText()), after.json()::toString);
        assertFalse(before.json().path("endReason").asText().isEmpty(), before.json()::toString);
        assertRecording(before, alice, 3);
        assertRecording(after, alice, 3);
        Segment bobs = awaitEnded(manifest, bob, 1).get(0);
        assertTrue(BYE_REASONS.contains(bobs.json().path("endReason").asText()), bobs.json()::toString);
        assertRecording(bobs, bob, 3);
        assertEquals(2, new HashSet<>(List.of(before.file(), after.file())).size());
        assertNoHarnessErrors(List.of(alice, bob));
    }

    /**
     * A publisher whose websocket drops and who joins again (a reloaded page) is recorded again in a new file with
     * its own media, the old file closed; the other publisher's recording goes on untouched.
     */
    @ParameterizedTest
    @EnumSource(Behaviour.class)
    void aPublisherReconnectingItsSocketIsRecordedAgain(Behaviour behaviour) throws Exception {
        start(behaviour, 5);
        startPlugin("room-r", null);
        VdoNinjaPublisher alice = create("room-r", "alice", null, 0, CandidateForm.MIXED);
        VdoNinjaPublisher bob = create("room-r", "bob", null, 1, CandidateForm.BUNDLE);
        publishers.join(alice);
        publishers.join(bob);
        ConferenceManifest manifest = manifest("room-r");
        awaitMedia(manifest, alice, 0, 3);
        awaitMedia(manifest, bob, 0, 3);
        alice.reconnect();
        awaitMedia(manifest, alice, 1, 3);
        alice.bye();
        bob.bye();

        List<Segment> segments = awaitEnded(manifest, alice, 2);
        assertFalse(segments.get(0).at("endedAt").orElseThrow()
                .isAfter(segments.get(1).at("startedAt").orElseThrow().plusMillis(500)),
                "the old file ended before the new one began: " + segments);
        assertEquals(2, alice.sessions().size(), alice.sessions()::toString);
        assertRecording(segments.get(0), alice, 3);
        assertRecording(segments.get(1), alice, 3);
        assertRecording(awaitEnded(manifest, bob, 1).get(0), bob, 5);
        assertNoHarnessErrors(List.of(alice, bob));
    }

    /**
     * Malformed and hostile messages sent to the plugin while two publishers record: bad JSON, wrong types, a huge
     * SDP, bad ciphertext, path-like and control-character stream ids. The two recordings go on unharmed, nothing
     * is recorded for the hostile ids, and no file appears outside the conference's directory.
     */
    @Test
    void malformedAndHostileMessagesLeaveTheOtherRecordingsAlone() throws Exception {
        start(Behaviour.OFFICIAL, 4);
        startPlugin("room-h", null);
        List<VdoNinjaPublisher> room = List.of(create("room-h", "alice", null, 0, CandidateForm.MIXED),
                create("room-h", "bob", null, 1, CandidateForm.SINGLE));
        for (VdoNinjaPublisher p : room) {
            publishers.join(p);
        }
        ConferenceManifest manifest = manifest("room-h");
        for (VdoNinjaPublisher p : room) {
            awaitMedia(manifest, p, 0, 2);
        }
        for (String hostile : hostileMessages(uuidOf(room.get(0)))) {
            assertTrue(server.inject(recorderUuid(), hostile), "the plugin is connected");
        }
        Instant injected = Instant.now();
        Waits.until(Duration.ofSeconds(20), () -> Instant.now().isAfter(injected.plusSeconds(3)),
                "3 s of media after the hostile messages");
        room.forEach(VdoNinjaPublisher::bye);
        for (VdoNinjaPublisher p : room) {
            List<Segment> segments = awaitEnded(manifest, p, 1);
            assertRecording(segments.get(0), p, 5);
            assertTrue(segments.get(0).at("endedAt").orElseThrow().isAfter(injected.plusSeconds(2)),
                    "recorded on after the hostile messages: " + segments);
        }
        Set<String> streams = new HashSet<>();
        manifest.json().path("recordings").forEach(r -> streams.add(r.path("streamId").asText()));
        assertEquals(Set.of("alice", "bob"), streams, manifest.json()::toString);
        try (Stream<Path> files = Files.walk(worker.output())) {
            Set<Path> outside = files.filter(Files::isRegularFile)
                    .filter(f -> !f.getParent().equals(worker.output().resolve("room-h")))
                    .filter(f -> !f.equals(worker.output().resolve(DiskReserve.FILE_NAME))) // the worker's own
                    .collect(Collectors.toSet());
            assertEquals(Set.of(), outside, "files outside the conference's directory");
        }
        assertTrue(plugin.logContains("dropped"), "the plugin logs what it dropped");
        assertNoHarnessErrors(room);
    }

    // ------------------------------------------------------------------------------------------- helpers

    /** What an attacker or a broken server could send; {@code victim} is a real publisher's UUID. */
    private static List<String> hostileMessages(String victim) {
        List<String> messages = new ArrayList<>(List.of(
                "not json at all",
                "[1, 2, 3]",
                "\"a string\"",
                "{\"request\": 42, \"UUID\": {\"nested\": true}}",
                "{\"request\": \"videoaddedtoroom\", \"streamID\": [\"x\"], \"UUID\": \"1234\"}",
                "{\"request\": \"videoaddedtoroom\", \"streamID\": \"../../etc/passwd\", \"UUID\": \"p1\"}",
                "{\"request\": \"videoaddedtoroom\", \"streamID\": \"..\", \"UUID\": \"p2\"}",
                "{\"request\": \"videoaddedtoroom\", \"streamID\": \"a/b\\\\c\", \"UUID\": \"p3\"}",
                "{\"request\": \"videoaddedtoroom\", \"streamID\": \"cam\\u0000\\n\", \"UUID\": \"p4\"}",
                "{\"request\": \"someonejoined\", \"streamID\": \"/tmp/x\", \"UUID\": \"../p5\"}",
                "{\"description\": \"not an object\", \"UUID\": \"" + victim + "\", \"session\": \"s0000000\"}",
                "{\"description\": {\"type\": 7, \"sdp\": null}, \"UUID\": \"" + victim + "\"}",
                "{\"candidates\": \"nope\", \"UUID\": \"" + victim + "\", \"session\": \"s0000000\"}",
                "{\"candidate\": {\"candidate\": 5}, \"UUID\": \"" + victim + "\", \"session\": \"s0000000\"}",
                // Bad ciphertext in a room without a password, and ciphertext that is not hex.
                "{\"description\": \"00ff\", \"vector\": \"zz\", \"UUID\": \"" + victim + "\", \"session\": \"x\"}",
                "{\"candidates\": \"abcdef\", \"vector\": \"0011\", \"UUID\": \"unknown-peer\", \"session\": \"x\"}",
                "{\"request\": \"bye\", \"UUID\": \"never-joined\"}",
                "{\"request\": \"listing\", \"list\": \"everyone\"}"));
        // An offer with a 2 MB SDP from a peer that never joined.
        ObjectNode huge = JSON.createObjectNode().put("UUID", "huge-peer").put("session", "h0000000")
                .put("streamID", "huge");
        huge.putObject("description").put("type", "offer").put("sdp", "v=0\r\n" + "a=x\r\n".repeat(400_000));
        messages.add(huge.toString());
        return messages;
    }

    private VdoNinjaPublisher create(String room, String streamId, VdoNinjaCrypto crypto, int signature,
            CandidateForm form) {
        signatureOf.put(streamId, signature);
        return publishers.create(room, streamId, crypto, TONES[signature], COLOURS[signature], form);
    }

    /** The plugin's UUID in the room: the one member that publishes nothing. */
    private String recorderUuid() {
        return server.members().stream().filter(m -> m.streamId() == null).findFirst().orElseThrow().uuid();
    }

    private String uuidOf(VdoNinjaPublisher p) {
        return server.members().stream().filter(m -> p.wireStreamId().equals(m.streamId())).findFirst().orElseThrow()
                .uuid();
    }

    private void assertNoHarnessErrors(List<VdoNinjaPublisher> room) {
        assertTrue(publishers.errors().isEmpty(), publishers.errors()::toString);
        for (VdoNinjaPublisher p : room) {
            assertTrue(p.problems().isEmpty(), p.streamId() + ": " + p.problems());
        }
    }

    private ConferenceManifest manifest(String conference) {
        return new ConferenceManifest(worker.output().resolve(conference));
    }

    /** Every segment recorded of the stream, whichever UUID it came under, by generation and index. */
    private static List<Segment> segments(ConferenceManifest manifest, String streamId) {
        Set<String> endpoints = new LinkedHashSet<>();
        manifest.json().path("recordings").forEach(r -> {
            if (r.path("streamId").asText().equals(streamId)) {
                endpoints.add(r.path("endpointId").asText());
            }
        });
        List<Segment> segments = new ArrayList<>();
        for (String endpoint : endpoints) {
            segments.addAll(manifest.segments(endpoint));
        }
        return Collections.unmodifiableList(segments);
    }

    /** Waits until the stream's {@code ordinal}-th file holds {@code seconds} of media. */
    private void awaitMedia(ConferenceManifest manifest, VdoNinjaPublisher p, int ordinal, int seconds) {
        Waits.until(Duration.ofSeconds(60), () -> {
            List<Segment> segments = segments(manifest, p.streamId());
            return segments.size() > ordinal && segments.get(ordinal).firstMedia().isPresent();
        }, "media in file " + ordinal + " of " + p.streamId() + " (the manifest stays in " + dir + ")");
        Instant until = segments(manifest, p.streamId()).get(ordinal).firstMedia().orElseThrow().plusSeconds(seconds);
        Waits.until(Duration.ofSeconds(seconds + 10), () -> Instant.now().isAfter(until),
                seconds + " s of media from " + p.streamId());
    }

    /** Waits until the stream has {@code count} files and every one of them is finished. */
    private List<Segment> awaitEnded(ConferenceManifest manifest, VdoNinjaPublisher p, int count) {
        Waits.until(Duration.ofSeconds(30), () -> {
            List<Segment> segments = segments(manifest, p.streamId());
            return segments.size() == count && segments.stream().allMatch(Segment::ended);
        }, count + " finished files of " + p.streamId() + " (the manifest stays in " + dir + ")");
        return segments(manifest, p.streamId());
    }

    /** A valid VP8 and Opus file of at least {@code seconds - 1} s, holding its own publisher's tone and colour. */
    private void assertRecording(Segment segment, VdoNinjaPublisher p, int seconds) throws Exception {
        Path file = segment.file();
        RecordingProbe.Result result = probe.probe(file);
        assertTrue(result.valid() && result.headerDuration() != null, result::toString);
        assertEquals("vp8", result.stream("video").codec(), file::toString);
        assertEquals("opus", result.stream("audio").codec(), file::toString);
        double duration = result.duration();
        assertTrue(duration >= seconds - 1, file + ": " + duration + " s");
        int publisher = signatureOf.get(p.streamId());
        double middle = duration / 2;
        double tone = MediaSignatures.dominantFrequency(file, middle - 1, 2.0);
        assertEquals(TONES[publisher], tone, TONES[publisher] * TONE_TOLERANCE, "tone of " + file);
        int[] yuv = MediaSignatures.meanYuv(file, middle);
        for (int plane = 0; plane < 3; plane++) {
            assertEquals(COLOURS[publisher][plane], yuv[plane], 15, "plane " + plane + " of " + file);
        }
    }

    private static double[] tones() {
        double[] tones = new double[PUBLISHERS];
        for (int i = 0; i < PUBLISHERS; i++) {
            tones[i] = Math.round(400 * Math.pow(1.10, i) / 5) * 5.0; // MediaSignatures looks in 5 Hz steps
        }
        return tones;
    }

    private static int[][] palette() {
        int[][] colours = new int[PUBLISHERS][];
        int[] lumas = {60, 110, 160, 210};
        int[][] chromas = {{90, 90}, {166, 166}, {90, 166}, {166, 90}, {128, 128}};
        for (int i = 0; i < PUBLISHERS; i++) {
            colours[i] = new int[] {lumas[i % 4], chromas[i / 4][0], chromas[i / 4][1]};
        }
        return colours;
    }
}
