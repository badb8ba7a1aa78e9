package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.protocol.Closed;
import org.roomrecorder.protocol.RecordedFile;
import org.roomrecorder.protocol.RecordingOptions;
import org.roomrecorder.protocol.StateEvent;
import org.roomrecorder.protocol.transport.Waits;
import org.roomrecorder.worker.media.MediaSignatures;
import org.roomrecorder.worker.probe.RecordingProbe;

/** The worker daemon end to end: real webrtc-java publishers in a test network, real FFmpeg, real files. */
class WorkerIT {
    static final int[][] COLOURS = {{81, 90, 240}, {145, 54, 34}, {41, 240, 110}, {170, 166, 16}};
    static final double[] TONES = {440, 660, 880, 1100};

    @TempDir
    Path dir;
    private TestNetwork network;
    private WorkerProcess worker;
    private Relay relay;
    private final RecordingProbe probe = new RecordingProbe("ffprobe");

    @BeforeEach
    void start() throws Exception {
        network = new TestNetwork();
        worker = WorkerProcess.start(network, dir, "sessions.media-timeout = 2 seconds");
        relay = Relay.start(worker, network, dir.resolve("farm.log"));
    }

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(relay, worker, network);
    }

    @Test
    void aPublisherIsRecordedWithItsOwnToneAndColour() throws Exception {
        relay.record("alice", "room-1", "alice-cam", RecordingOptions.defaults(), TONES[0], COLOURS[0]);
        relay.awaitRecording("alice", 10);
        relay.close("alice", "endpoint-left");
        Closed closed = relay.awaitClosed("alice");

        assertEquals("endpoint-left", closed.reason());
        Path file = onlyFile(closed);
        RecordingProbe.Result result = probe.probe(file);
        assertTrue(result.valid(), result::toString);
        assertEquals("vp8", result.stream("video").codec());
        assertEquals("opus", result.stream("audio").codec());
        assertEquals(10.0, result.duration(), 0.5, "duration");
        assertSignature(file, 0);

        JsonNode manifest = new ObjectMapper().readTree(file.resolveSibling("manifest.json").toFile());
        assertEquals("room-1", manifest.path("conference").asText());
        Instant.parse(manifest.path("startedAt").asText());
        JsonNode recording = manifest.path("recordings").get(0);
        assertEquals("alice", recording.path("endpointId").asText());
        assertEquals("alice-cam", recording.path("streamId").asText());
        JsonNode segment = recording.path("segments").get(0);
        assertEquals(file.getFileName().toString(), segment.path("file").asText());
        for (String field : List.of("startedAt", "firstVideoFrameAt", "firstAudioFrameAt", "endedAt")) {
            Instant.parse(segment.path(field).asText());
        }
        assertEquals("endpoint-left", segment.path("endReason").asText());
        assertEquals("VP8", segment.path("codecs").path("videoIn").asText());
        assertEquals(640, segment.path("video").path("width").asInt());
        assertTrue(segment.path("video").path("framesOut").asLong() >= 290, segment.toString());
    }

    /**
     * Audio and video keep one steady offset: no drift within the file. This synthetic publisher's offset itself is
     * a property of the sender (webrtc-java's custom audio source carries no capture times; its files show audio
     * about 60 ms late, BENCHMARKS.md), so the file's absolute sync is judged on a real browser in ChromiumIT.
     */
    @Test
    void audioAndVideoKeepASteadyOffset() throws Exception {
        relay.recordBeepFlash("sync", "room-s", RecordingOptions.defaults());
        relay.awaitRecording("sync", 15);
        relay.close("sync", "endpoint-left");
        Path file = onlyFile(relay.awaitClosed("sync"));
        RecordingProbe.Result result = probe.probe(file);
        List<Double> offsets = MediaSignatures.syncOffsetsMillis(
                MediaSignatures.flashOnsets(file, result.stream("video").start(), 30),
                MediaSignatures.beepOnsets(file, result.stream("audio").start()));
        assertTrue(offsets.size() >= 13, "flashes matched with beeps: " + offsets);
        // libwebrtc's lip sync settles in the first five seconds or so of a stream; from then on the offset holds.
        List<Double> settled = offsets.subList(6, offsets.size());
        double spread = settled.stream().mapToDouble(d -> d).max().orElseThrow()
                - settled.stream().mapToDouble(d -> d).min().orElseThrow();
        System.out.println("measured: webrtc-java publisher A/V offsets (ms, audio minus video) " + offsets);
        assertTrue(spread <= 40, "offsets (audio minus video) vary by " + spread + " ms after settling: " + offsets);
    }

    @Test
    void hostileIdsAndNamesEndUpAsSafeNamesInsideTheOutputDirectory() throws Exception {
        RecordingOptions o = RecordingOptions.defaults();
        RecordingOptions template = new RecordingOptions(o.audio(), o.video(), o.container(), o.videoCodec(),
                o.videoBitrateKbps(), o.frameRate(), o.maxWidth(), o.maxHeight(), 0, 0, "{streamId}-{displayName}");
        relay.record("h1", "../../../tmp/escape\n\u001b[31mFAKE LINE", "../../x\u0000y", "$(reboot);`id`\n\u001b[2J名前",
                template, TONES[0], COLOURS[0]);
        relay.awaitRecording("h1", 2);
        relay.close("h1", "endpoint-left");
        Closed closed = relay.awaitClosed("h1");
        Path file = onlyFile(closed).toAbsolutePath().normalize();
        assertTrue(file.startsWith(worker.output().toAbsolutePath().normalize()), file::toString);
        assertEquals(worker.output().toAbsolutePath().normalize(), file.getParent().getParent(),
                "conference directory directly under the output directory: " + file);
        assertTrue(file.getFileName().toString().chars().noneMatch(c -> c < 0x20 || "/\\$`;".indexOf(c) >= 0),
                file::toString);
        assertTrue(probe.probe(file).valid());
        // The conference is in every log line of the session: escaped, it injects no line and no terminal escape.
        String log = worker.log();
        assertTrue(log.contains("confId=../../../tmp/escape??[31mFAKE LINE"), "the conference, escaped, in the log");
        assertTrue(log.chars().noneMatch(c -> c == 0x1b || c == 0), "no raw escape or NUL in the log");
        assertTrue(log.lines().noneMatch(l -> l.startsWith("FAKE LINE") || l.startsWith("[31m")), "no injected line");
    }

    @Test
    void fourConcurrentPublishersEachGetTheirOwnFileAndSignature() throws Exception {
        for (int i = 0; i < 4; i++) {
            relay.record("p" + i, "room-4", "cam-" + i, RecordingOptions.defaults(), TONES[i], COLOURS[i]);
        }
        for (int i = 0; i < 4; i++) {
            relay.awaitRecording("p" + i, 6);
        }
        for (int i = 0; i < 4; i++) {
            relay.close("p" + i, "endpoint-left");
        }
        for (int i = 0; i < 4; i++) {
            Path file = onlyFile(relay.awaitClosed("p" + i));
            assertTrue(probe.probe(file).valid(), file::toString);
            assertSignature(file, i);
        }
    }

    @Test
    void aRenegotiationKeepsRecordingIntoTheSameFile() throws Exception {
        relay.record("bob", "room-r", "bob", RecordingOptions.defaults(), TONES[1], COLOURS[1]);
        relay.awaitRecording("bob", 4);
        relay.farm().renegotiate("bob");
        relay.awaitRecording("bob", 8);
        relay.close("bob", "endpoint-left");
        Path file = onlyFile(relay.awaitClosed("bob"));
        RecordingProbe.Result result = probe.probe(file);
        assertTrue(result.valid(), result::toString);
        assertEquals(8.0, result.duration(), 0.6);
        assertEquals(TONES[1], MediaSignatures.dominantFrequency(file, 5.5, 2.0), 10, "tone after the renegotiation");
        assertTrue(relay.errors.isEmpty(), relay.errors::toString);
    }

    /**
     * A VDO.Ninja publisher connects with its data channel and audio, then adds its video by renegotiating over the
     * channel: the worker answers there, echoing the publisher's session, answers its ping, and records the video.
     */
    @Test
    void aRenegotiationOverTheDataChannelIsAnsweredThereAndRecorded() throws Exception {
        relay.recordViaChannel("erin", "room-c", RecordingOptions.defaults(), TONES[3], COLOURS[3]);
        Waits.until(Duration.ofSeconds(30), () -> relay.farmEvent("erin", "channel-open").isPresent(),
                "erin's data channel to open");
        relay.farm().addVideoOverChannel("erin");
        Waits.until(Duration.ofSeconds(20), () -> relay.farmEvent("erin", "channel-answer").isPresent(),
                "the answer on the data channel");
        assertEquals("farm-erin", relay.farmEvent("erin", "channel-answer").orElseThrow().path("session").asText());
        Waits.until(Duration.ofSeconds(20), () -> relay.farmEvent("erin", "channel-pong").isPresent(), "the pong");
        relay.awaitRecording("erin", 6);
        relay.close("erin", "endpoint-left");
        Path file = onlyFile(relay.awaitClosed("erin"));
        RecordingProbe.Result result = probe.probe(file);
        assertTrue(result.valid(), result::toString);
        int[] yuv = MediaSignatures.meanYuv(file, result.duration() - 1.0);
        for (int plane = 0; plane < 3; plane++) {
            assertEquals(COLOURS[3][plane], yuv[plane], 15, "plane " + plane + " of the video added over the channel");
        }
        assertEquals(TONES[3], MediaSignatures.dominantFrequency(file, result.duration() - 2.0, 1.5), 10);
        assertTrue(relay.errors.isEmpty(), relay.errors::toString);
        assertTrue(relay.farmEvent("erin", "error").isEmpty(), relay.farmEvents::toString);
    }

    @Test
    void aPublisherThatStopsSendingIsReportedAndItsFileStaysPlayable() throws Exception {
        relay.record("carol", "room-m", "carol", RecordingOptions.defaults(), TONES[2], COLOURS[2]);
        relay.awaitRecording("carol", 3);
        relay.farm().mute("carol");
        Waits.until(Duration.ofSeconds(20), () -> relay.hasState("carol", StateEvent.State.MEDIA_NOT_FLOWING),
                "media-not-flowing");
        relay.close("carol", "endpoint-left");
        Path file = onlyFile(relay.awaitClosed("carol"));
        RecordingProbe.Result result = probe.probe(file);
        assertTrue(result.valid(), result::toString);
        assertTrue(result.headerDuration() != null, "finished cleanly");
        assertEquals(TONES[2], MediaSignatures.dominantFrequency(file, 1.0, 1.5), 10);
    }

    @Test
    void aKilledWorkerLeavesFilesThatPlayUpToTwoSecondsBeforeTheKill() throws Exception {
        relay.record("dave", "room-k", "dave", RecordingOptions.defaults(), TONES[3], COLOURS[3]);
        relay.awaitRecording("dave", 6);
        Instant firstFrame = relay.firstFrame("dave");
        worker.kill();
        double elapsed = Duration.between(firstFrame, Instant.now()).toMillis() / 1000.0;
        Path file = recordedFiles().get(0);
        Waits.until(Duration.ofSeconds(15), () -> ffmpegGone(worker.output()), "FFmpeg to finish after the worker died");
        RecordingProbe.Result result = probe.probe(file);
        assertTrue(result.valid(), result::toString);
        assertTrue(result.duration() >= elapsed - 2, "plays " + result.duration() + " s of " + elapsed + " s");
        assertSignature(file, 3);
    }

    /**
     * A worker killed the moment it has started its first FFmpeg, before FFmpeg has had any input: FFmpeg sees its
     * inputs end and exits, instead of waiting in open() for a writer for ever.
     */
    @Test
    void aWorkerKilledAsItStartsFfmpegLeavesNoFfmpegBehind() throws Exception {
        relay.record("frank", "room-f", "frank", RecordingOptions.defaults(), TONES[0], COLOURS[0]);
        Waits.until(Duration.ofSeconds(30), () -> !ffmpegGone(worker.output()), "the worker to start FFmpeg");
        worker.kill();
        Waits.until(Duration.ofSeconds(10), () -> ffmpegGone(worker.output()), "FFmpeg to exit after the worker died");
    }

    private List<Path> recordedFiles() throws java.io.IOException {
        try (var walk = java.nio.file.Files.walk(worker.output())) {
            return walk.filter(p -> p.toString().endsWith(".mkv")).sorted().toList();
        }
    }

    /** No FFmpeg writes into {@code output} any more; other tests' FFmpegs on the machine do not count. */
    private static boolean ffmpegGone(Path output) {
        return ProcessHandle.allProcesses().noneMatch(p -> p.info().command().orElse("").endsWith("/ffmpeg")
                && p.info().arguments().map(a -> String.join(" ", a).contains(output.toString())).orElse(false));
    }

    private Path onlyFile(Closed closed) {
        List<RecordedFile> files = closed.files();
        assertEquals(1, files.size(), files::toString);
        return worker.output().resolve(files.get(0).path());
    }

    private void assertSignature(Path file, int publisher) throws Exception {
        assertEquals(TONES[publisher], MediaSignatures.dominantFrequency(file, 2.0, 2.0), 10, "tone of " + file);
        int[] yuv = MediaSignatures.meanYuv(file, 3.0);
        for (int plane = 0; plane < 3; plane++) {
            assertEquals(COLOURS[publisher][plane], yuv[plane], 15, "plane " + plane + " of " + file);
        }
    }
}
