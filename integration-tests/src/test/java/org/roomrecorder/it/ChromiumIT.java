package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.it.ConferenceManifest.Segment;
import org.roomrecorder.it.chromium.ChromiumPublisher;
import org.roomrecorder.it.janus.JanusServer;
import org.roomrecorder.it.janus.PluginProcess;
import org.roomrecorder.protocol.transport.Waits;
import org.roomrecorder.worker.media.MediaSignatures;
import org.roomrecorder.worker.probe.RecordingProbe;

/**
 * A real browser through the whole chain: headless Chromium publishes into a Janus room with Janus's own JavaScript
 * client, flashing and beeping at the same instant every second; the plugin subscribes, the worker records.
 */
class ChromiumIT {
    private static final String ROOM = "browsers";
    private static final int SECONDS = 10;
    private static final int SYNC_SECONDS = 25;

    @TempDir
    Path dir;
    private TestNetwork network;
    private WorkerProcess worker;
    private JanusServer janus;
    private PluginProcess plugin;
    private ChromiumPublisher chromium;
    private final RecordingProbe probe = new RecordingProbe("ffprobe");

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(chromium, plugin, janus, worker, network);
    }

    /** Chromium's fake camera and microphone, reading files the test made: a valid file with both. */
    @Test
    void aChromiumPublisherWithFakeDevicesIsRecorded() throws Exception {
        Segment segment = record(ChromiumPublisher.Source.DEVICES, SECONDS);
        RecordingProbe.Result result = probe.probe(segment.file());
        assertValid(result, SECONDS);
        assertTrue(MediaSignatures.flashOnsets(segment.file(), result.stream("video").start(), 30).size() >= SECONDS - 2,
                "the fake camera's flashes are in the file");
        assertTrue(MediaSignatures.beepOnsets(segment.file(), result.stream("audio").start()).size() >= SECONDS - 2,
                "the fake microphone's beeps are in the file");
    }

    /**
     * Media made in the page by one clock (Chromium's fake camera runs 2 % slow against its microphone, see
     * BENCHMARKS.md): audio and video stay in sync through Janus, the plugin and the worker. Twenty-five seconds,
     * because libwebrtc's lip sync takes several seconds to settle on a new stream (BENCHMARKS.md), and the file's
     * median is what counts.
     */
    @Test
    void aChromiumPublisherIsRecordedInSync() throws Exception {
        Segment segment = record(ChromiumPublisher.Source.PAGE, SYNC_SECONDS);
        RecordingProbe.Result result = probe.probe(segment.file());
        assertValid(result, SYNC_SECONDS);
        List<Double> offsets = MediaSignatures.syncOffsetsMillis(
                MediaSignatures.flashOnsets(segment.file(), result.stream("video").start(), 30),
                MediaSignatures.beepOnsets(segment.file(), result.stream("audio").start()));
        assertTrue(offsets.size() >= SYNC_SECONDS - 3, "flashes paired with beeps: " + offsets);
        double median = offsets.stream().map(Math::abs).sorted().toList().get(offsets.size() / 2);
        System.out.printf(Locale.ROOT, "measured: Chromium A/V sync, median |offset| %.1f ms; offsets (audio minus video)"
                + " %s%n", median, offsets.stream().map(o -> String.format(Locale.ROOT, "%+.0f", o)).toList());
        assertTrue(median <= 40, "median |audio onset - video onset| " + median + " ms in " + offsets);
    }

    /** Starts the chain, publishes from Chromium for {@code seconds} of media, and returns the finished file. */
    private Segment record(ChromiumPublisher.Source source, int seconds) throws Exception {
        network = new TestNetwork();
        worker = WorkerProcess.start(network, dir.resolve("worker"), "");
        janus = JanusServer.start(network, dir.resolve("janus"), new JanusServer.Settings(List.of(ROOM), 4, 1_000_000,
                null));
        plugin = PluginProcess.start(network, dir.resolve("plugin"), "url = \"" + janus.apiUri() + "\"",
                List.of(worker.socket()), "media = both");
        chromium = ChromiumPublisher.start(network, dir.resolve("chromium"), janus.apiUri(), ROOM, "chromium-1",
                "Chromium", source);
        chromium.await("webrtcup", Duration.ofSeconds(60));

        ConferenceManifest manifest = new ConferenceManifest(worker.output().resolve(ROOM));
        Waits.until(Duration.ofSeconds(45), () -> manifest.segments("chromium-1").stream()
                .anyMatch(s -> s.firstMedia().isPresent()), "Chromium's first media in the manifest");
        Instant until = manifest.segments("chromium-1").get(0).firstMedia().orElseThrow().plusSeconds(seconds);
        Waits.until(Duration.ofSeconds(seconds + 10), () -> Instant.now().isAfter(until), seconds + " s of media");
        chromium.close();
        Waits.until(Duration.ofSeconds(30), () -> manifest.segments("chromium-1").stream().allMatch(Segment::ended),
                "the recording to end once Chromium is gone");
        List<Segment> segments = manifest.segments("chromium-1");
        assertEquals(1, segments.size(), segments::toString);
        return segments.get(0);
    }

    private static void assertValid(RecordingProbe.Result result, int seconds) {
        assertTrue(result.valid() && result.headerDuration() != null, result::toString);
        assertEquals("vp8", result.stream("video").codec());
        assertEquals("opus", result.stream("audio").codec());
        assertTrue(result.duration() >= seconds - 1, "duration " + result.duration());
    }
}
