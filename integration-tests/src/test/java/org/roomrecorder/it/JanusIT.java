package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.it.ConferenceManifest.Segment;
import org.roomrecorder.it.janus.JanusPublisher;
import org.roomrecorder.it.janus.JanusPublishers;
import org.roomrecorder.it.janus.JanusServer;
import org.roomrecorder.it.janus.PluginProcess;
import org.roomrecorder.protocol.transport.Waits;
import org.roomrecorder.worker.media.MediaSignatures;
import org.roomrecorder.worker.probe.RecordingProbe;

/**
 * The whole chain for real: webrtc-java publishers in a Janus VideoRoom, the plugin from its drop-in jar with the
 * Janus adapter subscribing to them, the worker recording each into its own file. Every file is judged by what it
 * holds (ffprobe, and the publisher's own tone and colour through ffmpeg), every wait is for evidence in the
 * worker's manifest or from Janus.
 */
class JanusIT {
    /** Twelve colours (BT.601 Y, U, V), each at least 50 away from every other in some plane. */
    private static final int[][] COLOURS = palette();
    /**
     * Twelve tones, each 12 % above the one before. Recorded tones measured up to 2 % flat here (0.5 % on idle cores,
     * 2 % with twelve publishers on two), so a tone is recognised within 4 %: never nearer a neighbour's.
     */
    private static final double[] TONES = tones();
    private static final double TONE_TOLERANCE = 0.04;
    private static final List<String> ROOMS = List.of("room-a", "room-c", "room-d", "room-e");
    private static final int EVENTS_PORT = 7099;

    @TempDir
    Path dir;
    private TestNetwork network;
    private WorkerProcess worker;
    private JanusServer janus;
    private PluginProcess plugin;
    private JanusPublishers publishers;
    private final Map<String, Integer> signatureOf = new ConcurrentHashMap<>();
    private final RecordingProbe probe = new RecordingProbe("ffprobe");

    /** How the plugin hears of room events: Janus's HTTP event handler, or an observer in every room. */
    private enum RoomEvents { EVENT_HANDLER, OBSERVER }

    private void start(RoomEvents events) throws Exception {
        network = new TestNetwork();
        Files.createDirectories(dir.resolve("worker"));
        worker = WorkerProcess.start(network, dir.resolve("worker"), "");
        String backend = events == RoomEvents.EVENT_HANDLER
                ? "http://127.0.0.1:" + EVENTS_PORT + "/janus-events" : null;
        // Modest settings throughout (REMB cap, 15 fps sent, 320x180 recorded): twelve publishers, Janus, and the
        // worker's decoders and encoders share two cores.
        janus = JanusServer.start(network, dir.resolve("janus"), new JanusServer.Settings(ROOMS, 16, 300_000, backend));
        String hostSection = "url = \"" + janus.apiUri() + "\"\n" + (events == RoomEvents.EVENT_HANDLER
                ? "events = event-handler\nevent-handler { address = \"127.0.0.1\", port = " + EVENTS_PORT
                        + ", path = \"/janus-events\" }"
                : "events = observer");
        plugin = PluginProcess.start(network, dir.resolve("plugin"), hostSection, List.of(worker.socket()),
                "options { frame-rate = 15, max-width = 320, max-height = 180, video-bitrate-kbps = 300,\n"
                        + "  file-name-template = \"{endpoint}-g{generation}-s{segment}\" }");
        publishers = JanusPublishers.start(janus, network, dir.resolve("farm.log"), 15);
    }

    @AfterEach
    void stop() throws Exception {
        // The farm first (its publishers leave), then the plugin, which finalizes what it still records.
        Resources.closeAll(publishers, plugin, janus, worker, network);
    }

    /** (a) Three publishers: three files, each with its own publisher's tone and colour, all listed. */
    @Test
    void eachPublisherOfARoomIsRecordedToItsOwnFile() throws Exception {
        start(RoomEvents.EVENT_HANDLER);
        List<JanusPublisher> room = publishers("room-a", 3);
        publishAll(room);
        ConferenceManifest manifest = manifest("room-a");
        for (JanusPublisher p : room) {
            awaitMedia(manifest, p, 0, 6);
        }
        leaveAll(room);
        for (JanusPublisher p : room) {
            Segment segment = awaitEnded(manifest, p, 1).get(0);
            assertRecording(segment, 6);
            assertEquals("endpoint-left", segment.json().path("endReason").asText(), segment.json()::toString);
            JsonNode video = segment.json().path("video");
            assertEquals(List.of(320, 180, 15), List.of(video.path("width").asInt(), video.path("height").asInt(),
                    video.path("frameRate").asInt()), "the plugin's record options reached the worker");
        }
        assertEquals("room-a", manifest.json().path("conference").asText());
        Set<String> listed = new HashSet<>();
        manifest.json().path("recordings").forEach(r -> listed.add(r.path("endpointId").asText() + " "
                + r.path("displayName").asText() + " g" + r.path("generation").asInt()));
        Set<String> expected = new HashSet<>();
        room.forEach(p -> expected.add(p.id() + " " + p.display() + " g0"));
        assertEquals(expected, listed);
        assertNoFarmErrors();
    }

    /** (c) Twelve publishers joining within two seconds: twelve files, none mixed up. */
    @Test
    void twelvePublishersJoiningAtOnceEachGetTheirOwnFile() throws Exception {
        start(RoomEvents.OBSERVER);
        List<JanusPublisher> room = publishers("room-c", 12);
        Map<String, Instant> joinedAt = new ConcurrentHashMap<>();
        List<CompletableFuture<Void>> published = new ArrayList<>();
        for (JanusPublisher p : room) {
            published.add(publishers.join(p).thenRun(() -> joinedAt.put(p.id(), Instant.now()))
                    .thenCompose(v -> p.publish()));
        }
        CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Duration spread = Duration.between(joinedAt.values().stream().min(Instant::compareTo).orElseThrow(),
                joinedAt.values().stream().max(Instant::compareTo).orElseThrow());
        assertTrue(spread.compareTo(Duration.ofSeconds(2)) <= 0, "all joined within 2 s, took " + spread);

        ConferenceManifest manifest = manifest("room-c");
        for (JanusPublisher p : room) {
            awaitMedia(manifest, p, 0, 6);
        }
        leaveAll(room);
        for (JanusPublisher p : room) {
            assertRecording(awaitEnded(manifest, p, 1).get(0), 6);
        }
        assertEquals(12, manifest.json().path("recordings").size());
        assertNoFarmErrors();
    }

    /**
     * (d) A late joiner is recorded from when it joins; leaving and joining again, or unpublishing and publishing
     * again, ends the file and starts the next generation in a new one.
     */
    @Test
    void lateJoinersRejoinsAndRepublishesEachStartANewGeneration() throws Exception {
        start(RoomEvents.OBSERVER);
        List<JanusPublisher> room = publishers("room-d", 2);
        JanusPublisher alice = room.get(0);
        JanusPublisher bob = room.get(1);
        ConferenceManifest manifest = manifest("room-d");
        publishAll(List.of(alice));
        awaitMedia(manifest, alice, 0, 3);
        publishAll(List.of(bob));
        awaitMedia(manifest, bob, 0, 3);

        alice.leave().get(10, TimeUnit.SECONDS);
        publishers.join(alice).thenCompose(v -> alice.publish()).get(20, TimeUnit.SECONDS);
        awaitMedia(manifest, alice, 1, 3);
        bob.unpublish().get(10, TimeUnit.SECONDS);
        bob.publish().get(20, TimeUnit.SECONDS);
        awaitMedia(manifest, bob, 1, 3);
        leaveAll(room);

        Map<JanusPublisher, String> firstEnd = Map.of(alice, "endpoint-left", bob, "unpublished");
        Set<Path> files = new HashSet<>();
        for (JanusPublisher p : room) {
            List<Segment> segments = awaitEnded(manifest, p, 2);
            assertEquals(List.of(0, 1), List.of(segments.get(0).generation(), segments.get(1).generation()),
                    p.id() + ": " + segments);
            assertEquals(firstEnd.get(p), segments.get(0).json().path("endReason").asText(), p.id());
            assertEquals("endpoint-left", segments.get(1).json().path("endReason").asText(), p.id());
            for (Segment segment : segments) {
                assertRecording(segment, 3);
                files.add(segment.file());
            }
        }
        assertEquals(4, files.size(), "four distinct files: " + files);
        Instant aliceRecordedFrom = manifest.segments(alice.id()).get(0).firstMedia().orElseThrow();
        assertTrue(manifest.segments(bob.id()).get(0).at("startedAt").orElseThrow()
                .isAfter(aliceRecordedFrom.plusSeconds(3)), "bob joined late and was recorded from then on");
        assertNoFarmErrors();
    }

    /**
     * (e) Janus killed mid-recording and started again: the publishers come back (as browsers would), recording
     * resumes in a new segment of the same generation, and the manifest shows the gap between them.
     */
    @Test
    void aJanusRestartLeavesAGapAndRecordingResumesInANewSegment() throws Exception {
        start(RoomEvents.OBSERVER);
        List<JanusPublisher> room = publishers("room-e", 2);
        publishAll(room);
        ConferenceManifest manifest = manifest("room-e");
        for (JanusPublisher p : room) {
            awaitMedia(manifest, p, 0, 3);
        }
        Instant killedAt = Instant.now();
        janus.kill();
        janus.restart();
        publishers.rejoinAll().get(30, TimeUnit.SECONDS);
        for (JanusPublisher p : room) {
            awaitMedia(manifest, p, 1, 3);
        }
        leaveAll(room);

        for (JanusPublisher p : room) {
            List<Segment> segments = awaitEnded(manifest, p, 2);
            Segment before = segments.get(0);
            Segment after = segments.get(1);
            assertRecording(before, 3);
            assertRecording(after, 3);
            assertTrue(after.at("startedAt").orElseThrow().isAfter(killedAt), "resumed after the kill: " + segments);
            // A restart of the host is a gap in one recording, as a lost worker is: not a new generation.
            assertEquals(List.of(0, 0), List.of(before.generation(), after.generation()),
                    "the generation goes on after a Janus restart");
            assertEquals(List.of(0, 1), List.of(before.index(), after.index()), "segments numbered on");
            JsonNode gaps = manifest.recordings(p.id()).get(0).path("gaps");
            assertEquals(1, gaps.size(), gaps::toString);
            Instant from = Instant.parse(gaps.get(0).path("from").asText());
            Instant to = Instant.parse(gaps.get(0).path("to").asText());
            assertFalse(gaps.get(0).path("reason").asText().isEmpty(), gaps::toString);
            assertTrue(!from.isBefore(before.at("startedAt").orElseThrow()) && !to.isBefore(from)
                    && !to.isAfter(after.at("startedAt").orElseThrow().plusSeconds(1)), gaps + " between " + segments);
            assertFalse(from.isBefore(killedAt.minusSeconds(1)), "gap from the kill at " + killedAt + ": " + gaps);
        }
        assertNoFarmErrors();
    }

    // ------------------------------------------------------------------------------------------- helpers

    private List<JanusPublisher> publishers(String room, int count) {
        List<JanusPublisher> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JanusPublisher p = publishers.create(room, UUID.randomUUID().toString(), "Publisher " + i, TONES[i],
                    COLOURS[i]);
            signatureOf.put(p.id(), i);
            created.add(p);
        }
        return created;
    }

    private void assertNoFarmErrors() {
        assertTrue(publishers.errors().isEmpty(), publishers.errors()::toString);
    }

    private void publishAll(List<JanusPublisher> room) throws Exception {
        CompletableFuture.allOf(room.stream().map(publishers::joinAndPublish).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
    }

    private void leaveAll(List<JanusPublisher> room) throws Exception {
        CompletableFuture.allOf(room.stream().map(JanusPublisher::leave).toArray(CompletableFuture[]::new))
                .get(20, TimeUnit.SECONDS);
    }

    private ConferenceManifest manifest(String conference) {
        return new ConferenceManifest(worker.output().resolve(conference));
    }

    /**
     * Waits until the publisher's {@code ordinal}-th file (counting every generation and segment) holds
     * {@code seconds} of media: that long after its first audio or video arrived.
     */
    private void awaitMedia(ConferenceManifest manifest, JanusPublisher p, int ordinal, int seconds) {
        Waits.until(Duration.ofSeconds(45), () -> {
            List<Segment> segments = manifest.segments(p.id());
            return segments.size() > ordinal && segments.get(ordinal).firstMedia().isPresent();
        }, "media in file " + ordinal + " of " + p.display() + " (" + p.id() + ")");
        Instant until = manifest.segments(p.id()).get(ordinal).firstMedia().orElseThrow().plusSeconds(seconds);
        Waits.until(Duration.ofSeconds(seconds + 10), () -> Instant.now().isAfter(until),
                seconds + " s of media from " + p.display());
    }

    /** Waits until the publisher has {@code count} files and every one of them is finished. */
    private List<Segment> awaitEnded(ConferenceManifest manifest, JanusPublisher p, int count) {
        Waits.until(Duration.ofSeconds(30), () -> {
            List<Segment> segments = manifest.segments(p.id());
            return segments.size() == count && segments.stream().allMatch(Segment::ended);
        }, count + " finished files of " + p.display() + ", manifest: " + manifest.json());
        return manifest.segments(p.id());
    }

    /** A valid VP8 and Opus file of at least {@code seconds - 1} s, holding its own publisher's tone and colour. */
    private void assertRecording(Segment segment, int seconds) throws Exception {
        Path file = segment.file();
        RecordingProbe.Result result = probe.probe(file);
        assertTrue(result.valid() && result.headerDuration() != null, result::toString);
        assertEquals("vp8", result.stream("video").codec(), file::toString);
        assertEquals("opus", result.stream("audio").codec(), file::toString);
        double duration = result.duration();
        double span = Duration.between(segment.at("startedAt").orElseThrow(), segment.at("endedAt").orElseThrow())
                .toMillis() / 1000.0;
        assertTrue(duration >= seconds - 1 && duration <= span + 1,
                file + ": " + duration + " s, session " + span + " s");
        int publisher = signatureOf.get(segment.endpoint());
        double middle = duration / 2;
        double tone = MediaSignatures.dominantFrequency(file, middle - 1, 2.0);
        assertEquals(TONES[publisher], tone, TONES[publisher] * TONE_TOLERANCE, "tone of " + file);
        int[] yuv = MediaSignatures.meanYuv(file, middle);
        for (int plane = 0; plane < 3; plane++) {
            assertEquals(COLOURS[publisher][plane], yuv[plane], 15, "plane " + plane + " of " + file);
        }
    }

    private static double[] tones() {
        double[] tones = new double[12];
        for (int i = 0; i < 12; i++) {
            tones[i] = Math.round(400 * Math.pow(1.12, i) / 5) * 5.0; // MediaSignatures looks in 5 Hz steps
        }
        return tones;
    }

    private static int[][] palette() {
        int[][] colours = new int[12][];
        int[] lumas = {70, 125, 180};
        int[][] chromas = {{100, 100}, {156, 156}, {100, 156}, {156, 100}};
        for (int i = 0; i < 12; i++) {
            colours[i] = new int[] {lumas[i % 3], chromas[i / 3][0], chromas[i / 3][1]};
        }
        return colours;
    }
}
