package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.it.ConferenceManifest.Segment;
import org.roomrecorder.it.janus.JanusPublisher;
import org.roomrecorder.it.janus.JanusPublishers;
import org.roomrecorder.it.janus.JanusServer;
import org.roomrecorder.it.janus.PluginProcess;
import org.roomrecorder.protocol.transport.Waits;
import org.roomrecorder.worker.probe.RecordingProbe;

/**
 * Recovery through real Janus: a worker killed under eight recordings, the plugin killed and restarted, the plugin
 * stopped with SIGTERM. Janus, the publishers' farm and the test network are shared by the cases, because none of
 * them is faulted; each case has its own room, workers and plugin. Every number the issue asks for is printed as a
 * {@code RECOVERY} line for docs/RELIABILITY.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecoveryIT {
    private static final String KILL_ROOM = "worker-kill";
    private static final String RESTART_ROOM = "plugin-restart";
    private static final String TERM_ROOM = "plugin-term";
    private static final int MEDIA_SECONDS = 3;
    private static final Duration REPLACEMENT_BOUND = Duration.ofSeconds(3);
    private static final Duration ORPHAN_GRACE = Duration.ofSeconds(3);
    private static final Duration PLUGIN_SHUTDOWN = Duration.ofSeconds(10);
    private static final String RECORD = "options { frame-rate = 15, max-width = 320, max-height = 180, "
            + "video-bitrate-kbps = 300 }";

    /** Static: JUnit injects an instance field only after {@code @BeforeAll}, even per class. */
    @TempDir
    static Path dir;
    private TestNetwork network;
    private JanusServer janus;
    private JanusPublishers publishers;
    private final RecordingProbe probe = new RecordingProbe("ffprobe");
    private final Map<String, Integer> signatureOf = new ConcurrentHashMap<>();
    private final List<JanusPublisher> present = new ArrayList<>();
    private final List<AutoCloseable> processes = new ArrayList<>();

    @BeforeAll
    void startShared() throws Exception {
        network = new TestNetwork();
        janus = JanusServer.start(network, dir.resolve("janus"),
                new JanusServer.Settings(List.of(KILL_ROOM, RESTART_ROOM, TERM_ROOM), 16, 300_000, null));
        publishers = JanusPublishers.start(janus, network, dir.resolve("farm.log"), 15);
    }

    @AfterEach
    void stopCase() throws Exception {
        for (JanusPublisher p : present) {
            p.leave().exceptionally(e -> null).get(10, TimeUnit.SECONDS);
        }
        present.clear();
        List<AutoCloseable> reversed = new ArrayList<>(processes);
        Collections.reverse(reversed);
        processes.clear();
        Resources.closeAll(reversed.toArray(AutoCloseable[]::new));
    }

    @AfterAll
    void stopShared() throws Exception {
        Resources.closeAll(publishers, janus, network);
    }

    /**
     * kill -9 of a worker holding eight live recordings. The second worker starts only after the eight are placed,
     * so that placement (which prefers the emptier worker) has no choice; the plugin retries it every 500 ms at
     * most, and the kill waits until it is connected.
     */
    @Test
    void aKilledWorkersSessionsContinueOnTheOtherWithAGap() throws Exception {
        WorkerProcess first = worker("worker-a", "");
        Path second = dir.resolve("worker-b");
        PluginProcess plugin = plugin("plugin", List.of(first.socket(), second.resolve("worker.sock")),
                "worker-connection.reconnect-max-delay = 500 ms");
        List<JanusPublisher> room = publishers(KILL_ROOM, 8);
        ConferenceManifest manifest = new ConferenceManifest(first.output().resolve(KILL_ROOM));
        publishAll(room);
        for (JanusPublisher p : room) {
            awaitMedia(manifest, p, 0);
        }
        WorkerProcess spare = worker("worker-b", "output.directory = \"" + first.output() + "\"");
        Waits.until(Duration.ofSeconds(15), () -> plugin.logContains("connected to " + spare.socket()),
                "the plugin to connect to the second worker");

        Instant killedAt = Instant.now();
        first.kill();
        for (JanusPublisher p : room) {
            awaitMedia(manifest, p, 1);
        }
        leaveAll(room);

        List<Long> toOpened = new ArrayList<>();
        List<Long> toMedia = new ArrayList<>();
        List<Long> playedPastKill = new ArrayList<>();
        List<Long> gapLengths = new ArrayList<>();
        String log = plugin.log();
        for (JanusPublisher p : room) {
            Segment killed = manifest.segments(p.id()).get(0);
            Segment resumed = awaitEnded(manifest, p, 1);
            double played = assertPlayable(killed);
            Instant playsUntil = killed.at("startedAt").orElseThrow().plusMillis(Math.round(played * 1000));
            playedPastKill.add(Duration.between(killedAt, playsUntil).toMillis());
            assertFalse(playsUntil.isBefore(killedAt.minusSeconds(2)),
                    killed.file() + " plays until " + playsUntil + ", killed at " + killedAt);
            assertRecording(resumed, "endpoint-left");
            assertEquals(List.of(0, 0), List.of(killed.generation(), resumed.generation()), "the same generation");
            assertTrue(resumed.index() > killed.index(), "numbered on: " + killed + " then " + resumed);

            Instant opened = firstLogAfter(log, killedAt, "epId=" + p.id(), "opened by worker worker-2");
            toOpened.add(Duration.between(killedAt, opened).toMillis());
            toMedia.add(Duration.between(killedAt, resumed.firstMedia().orElseThrow()).toMillis());
            assertTrue(Duration.between(killedAt, opened).compareTo(REPLACEMENT_BOUND) <= 0,
                    p.display() + " re-opened " + Duration.between(killedAt, opened).toMillis() + " ms after the kill");

            JsonNode gaps = manifest.recordings(p.id()).get(0).path("gaps");
            assertEquals(1, gaps.size(), gaps::toString);
            assertEquals("worker-lost", gaps.get(0).path("reason").asText(), gaps::toString);
            Instant from = Instant.parse(gaps.get(0).path("from").asText());
            Instant to = Instant.parse(gaps.get(0).path("to").asText());
            assertTrue(!from.isBefore(killedAt) && from.isBefore(killedAt.plusSeconds(1)),
                    "the gap starts at the loss, " + killedAt + ": " + gaps);
            assertEquals(resumed.at("startedAt").orElseThrow(), to, "the gap ends where the new file starts");
            gapLengths.add(Duration.between(from, to).toMillis());
        }
        report("worker kill, kill to 'opened' on the second worker (ms)", toOpened);
        report("worker kill, kill to first media in the new segment (ms)", toMedia);
        report("worker kill, killed files play past the kill by (ms)", playedPastKill);
        report("worker kill, gap in the manifest (ms)", gapLengths);
        assertNoFarmErrors();
    }

    /**
     * The plugin killed with SIGKILL and started again at once, as a supervisor would, while one publisher leaves
     * in between. The worker ends the orphans after its grace; everyone still publishing is recorded again in a new
     * generation, numbered past the orphan's, so no name collides.
     */
    @Test
    void aKilledPluginsOrphansAreFinalizedAndRecordingResumesAfterItsRestart() throws Exception {
        WorkerProcess worker = worker("worker-c", "sessions.orphan-grace = " + ORPHAN_GRACE.toSeconds() + " seconds");
        PluginProcess plugin = plugin("plugin-1", List.of(worker.socket()), "");
        List<JanusPublisher> room = publishers(RESTART_ROOM, 3);
        ConferenceManifest manifest = new ConferenceManifest(worker.output().resolve(RESTART_ROOM));
        publishAll(room);
        for (JanusPublisher p : room) {
            awaitMedia(manifest, p, 0);
        }

        Instant killedAt = Instant.now();
        plugin.kill();
        JanusPublisher leaver = room.get(2);
        leaver.leave().get(10, TimeUnit.SECONDS);
        present.remove(leaver);
        plugin("plugin-2", List.of(worker.socket()), "");
        List<JanusPublisher> staying = room.subList(0, 2);
        for (JanusPublisher p : staying) {
            awaitMedia(manifest, p, 1);
        }

        List<Long> orphanEnded = new ArrayList<>();
        for (JanusPublisher p : room) {
            Segment orphan = awaitSegmentEnded(manifest, p, 0);
            double played = assertRecording(orphan, "plugin-lost");
            assertTrue(orphan.at("startedAt").orElseThrow().plusMillis(Math.round(played * 1000)).isAfter(killedAt),
                    "the orphan's file holds what it recorded up to the kill and on, not a newer recording");
            Duration ended = Duration.between(killedAt, orphan.at("endedAt").orElseThrow());
            orphanEnded.add(ended.toMillis());
            assertTrue(ended.compareTo(ORPHAN_GRACE) >= 0 && ended.compareTo(ORPHAN_GRACE.plusSeconds(10)) <= 0,
                    "the orphan of " + p.display() + " ended " + ended.toMillis() + " ms after the kill");
        }
        leaveAll(staying);
        Set<Path> files = new HashSet<>();
        for (JanusPublisher p : staying) {
            Segment resumed = awaitEnded(manifest, p, 1);
            assertRecording(resumed, "endpoint-left");
            assertTrue(resumed.at("startedAt").orElseThrow().isAfter(killedAt), "recorded after the restart");
            assertEquals(List.of(0, 1), manifest.recordings(p.id()).stream().map(r -> r.path("generation").asInt())
                    .toList(), "one recording per generation; the restarted plugin's numbered past the orphan's");
        }
        assertEquals(1, manifest.segments(leaver.id()).size(), "the one who left is not recorded again");
        for (JanusPublisher p : room) {
            manifest.segments(p.id()).forEach(s -> files.add(s.file()));
        }
        assertEquals(5, files.size(), "five distinct files: " + files);
        files.forEach(f -> assertFalse(f.getFileName().toString().contains("~"), "a name collided: " + f));
        report("plugin kill, kill to the orphans' end (ms), grace " + ORPHAN_GRACE.toMillis() + " ms", orphanEnded);
        assertNoFarmErrors();
    }

    /** SIGTERM to the plugin during eight recordings: it exits 0 in time, and every file ends clean. */
    @Test
    void aTerminatedPluginFinalizesEveryRecordingAndExitsZero() throws Exception {
        WorkerProcess worker = worker("worker-d", "");
        PluginProcess plugin = plugin("plugin", List.of(worker.socket()),
                "shutdown-timeout = " + PLUGIN_SHUTDOWN.toSeconds() + " s");
        List<JanusPublisher> room = publishers(TERM_ROOM, 8);
        ConferenceManifest manifest = new ConferenceManifest(worker.output().resolve(TERM_ROOM));
        publishAll(room);
        for (JanusPublisher p : room) {
            awaitMedia(manifest, p, 0);
        }

        long start = System.nanoTime();
        int exit = plugin.terminate(PLUGIN_SHUTDOWN.plusSeconds(5));
        long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(0, exit, "exit code after SIGTERM");
        assertTrue(exitMillis <= PLUGIN_SHUTDOWN.toMillis(), "exited " + exitMillis + " ms after SIGTERM");
        for (JanusPublisher p : room) {
            Segment segment = manifest.segments(p.id()).get(0);
            assertTrue(segment.at("endedAt").isPresent(), "finalized before the plugin exited: " + segment.json());
            assertRecording(segment, "plugin-shutdown");
            assertCleanDecode(segment.file());
        }
        report("plugin SIGTERM, time to exit (ms), shutdown-timeout " + PLUGIN_SHUTDOWN.toMillis() + " ms",
                List.of(exitMillis));
        assertNoFarmErrors();
    }

    // ------------------------------------------------------------------------------------------- helpers

    private WorkerProcess worker(String id, String config) throws Exception {
        WorkerProcess worker = WorkerProcess.start(network, dir.resolve(id), "id = \"" + id + "\"\n" + config);
        processes.add(worker);
        return worker;
    }

    private PluginProcess plugin(String name, List<Path> workers, String extra) throws Exception {
        PluginProcess plugin = PluginProcess.start(network, dir.resolve(name), "janus",
                "url = \"" + janus.apiUri() + "\"\nevents = observer", workers, RECORD, extra);
        processes.add(plugin);
        return plugin;
    }

    private List<JanusPublisher> publishers(String room, int count) {
        List<JanusPublisher> created = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            JanusPublisher p = publishers.create(room, UUID.randomUUID().toString(), room + " " + i,
                    Signatures.tone(i), Signatures.colour(i));
            signatureOf.put(p.id(), i);
            created.add(p);
        }
        return created;
    }

    private void publishAll(List<JanusPublisher> room) throws Exception {
        present.addAll(room);
        CompletableFuture.allOf(room.stream().map(publishers::joinAndPublish).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
    }

    private void leaveAll(List<JanusPublisher> room) throws Exception {
        present.removeAll(room);
        CompletableFuture.allOf(room.stream().map(JanusPublisher::leave).toArray(CompletableFuture[]::new))
                .get(20, TimeUnit.SECONDS);
    }

    private void assertNoFarmErrors() {
        assertTrue(publishers.errors().isEmpty(), publishers.errors()::toString);
    }

    /** Waits until the publisher's {@code ordinal}-th file holds {@link #MEDIA_SECONDS} of media. */
    private static void awaitMedia(ConferenceManifest manifest, JanusPublisher p, int ordinal) {
        Waits.until(Duration.ofSeconds(45), () -> {
            List<Segment> segments = manifest.segments(p.id());
            return segments.size() > ordinal && segments.get(ordinal).firstMedia().isPresent();
        }, "media in file " + ordinal + " of " + p.display() + " (" + p.id() + ")");
        Instant until = manifest.segments(p.id()).get(ordinal).firstMedia().orElseThrow().plusSeconds(MEDIA_SECONDS);
        Waits.until(Duration.ofSeconds(MEDIA_SECONDS + 10), () -> Instant.now().isAfter(until),
                MEDIA_SECONDS + " s of media from " + p.display());
    }

    /** Waits until the publisher's {@code ordinal}-th file is finished, and returns it. */
    private static Segment awaitSegmentEnded(ConferenceManifest manifest, JanusPublisher p, int ordinal) {
        Waits.until(Duration.ofSeconds(30), () -> {
            List<Segment> segments = manifest.segments(p.id());
            return segments.size() > ordinal && segments.get(ordinal).ended();
        }, "file " + ordinal + " of " + p.display() + " finished, manifest: " + manifest.json());
        return manifest.segments(p.id()).get(ordinal);
    }

    /** Waits until the publisher has exactly {@code ordinal + 1} files and the last is finished. */
    private static Segment awaitEnded(ConferenceManifest manifest, JanusPublisher p, int ordinal) {
        Segment segment = awaitSegmentEnded(manifest, p, ordinal);
        assertEquals(ordinal + 1, manifest.segments(p.id()).size(), () -> "files of " + p.display() + ": "
                + manifest.json());
        return segment;
    }

    /**
     * A valid VP8 and Opus file of about {@link #MEDIA_SECONDS} s or more, ending for {@code reason}; returns its
     * duration in seconds.
     */
    private double assertRecording(Segment segment, String reason) throws Exception {
        assertEquals(reason, segment.json().path("endReason").asText(), segment.json()::toString);
        double duration = assertPlayable(segment);
        double span = Duration.between(segment.at("startedAt").orElseThrow(), segment.at("endedAt").orElseThrow())
                .toMillis() / 1000.0;
        assertTrue(duration >= MEDIA_SECONDS - 1 && duration <= span + 1,
                segment.file() + ": " + duration + " s, session " + span + " s");
        return duration;
    }

    /**
     * A file ffprobe reads, with VP8 video and Opus audio holding its own publisher's signature (so nothing else
     * overwrote it); returns its duration in seconds.
     */
    private double assertPlayable(Segment segment) throws Exception {
        Path file = segment.file();
        RecordingProbe.Result result = probe.probe(file);
        assertTrue(result.valid(), result::toString);
        assertEquals("vp8", result.stream("video").codec(), file::toString);
        assertEquals("opus", result.stream("audio").codec(), file::toString);
        // Black until the first decoded frame, which a busy machine delays: judge the picture after it.
        double firstVideo = segment.at("firstVideoFrameAt").map(t -> Duration.between(
                segment.at("startedAt").orElseThrow(), t).toMillis() / 1000.0).orElse(0.0);
        Signatures.assertHolds(file, signatureOf.get(segment.endpoint()),
                firstVideo + (result.duration() - firstVideo) / 2);
        return result.duration();
    }

    /** Decoding the whole file reports nothing: it was finished, not cut off. */
    private static void assertCleanDecode(Path file) throws Exception {
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "null",
                "-").redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes()).trim();
        assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS), "ffmpeg decoding " + file);
        assertEquals("", output, "ffmpeg -v error decoding " + file);
    }

    /** When the plugin first logged a line holding every one of {@code parts} at or after {@code since}. */
    private static Instant firstLogAfter(String log, Instant since, String... parts) {
        for (String line : log.split("\n")) {
            if (!List.of(parts).stream().allMatch(line::contains)) {
                continue;
            }
            Instant at = Instant.parse(line.substring(0, line.indexOf(' ')));
            if (!at.isBefore(since.minusMillis(1))) {
                return at;
            }
        }
        throw new AssertionError("no plugin log line with " + List.of(parts) + " after " + since);
    }

    private static void report(String what, List<Long> millis) {
        List<Long> sorted = millis.stream().sorted().toList();
        System.out.println("RECOVERY " + what + ": median " + sorted.get(sorted.size() / 2) + ", min " + sorted.get(0)
                + ", max " + sorted.get(sorted.size() - 1) + ", all " + millis);
    }
}
