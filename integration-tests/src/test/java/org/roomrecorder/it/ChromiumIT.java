package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * client, its fake camera and microphone flashing and beeping at the same instant every second; the plugin
 * subscribes, the worker records. The file must be valid and keep audio and video in sync.
 */
class ChromiumIT {
    private static final String ROOM = "browsers";
    private static final int SECONDS = 10;

    @TempDir
    Path dir;
    private TestNetwork network;
    private WorkerProcess worker;
    private JanusServer janus;
    private PluginProcess plugin;
    private ChromiumPublisher chromium;

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(chromium, plugin, janus, worker, network);
    }

    @Test
    void aChromiumPublisherIsRecordedValidAndInSync() throws Exception {
        network = new TestNetwork();
        worker = WorkerProcess.start(network, dir.resolve("worker"), "");
        janus = JanusServer.start(network, dir.resolve("janus"), new JanusServer.Settings(List.of(ROOM), 4, 1_000_000,
                null));
        plugin = PluginProcess.start(network, dir.resolve("plugin"), "url = \"" + janus.apiUri() + "\"",
                List.of(worker.socket()), "media = both");
        chromium = ChromiumPublisher.start(network, dir.resolve("chromium"), janus.apiUri(), ROOM, "chromium-1",
                "Chromium");
        chromium.await("webrtcup", Duration.ofSeconds(60));

        ConferenceManifest manifest = new ConferenceManifest(worker.output().resolve(ROOM));
        Waits.until(Duration.ofSeconds(45), () -> manifest.segments("chromium-1").stream()
                .anyMatch(s -> s.firstMedia().isPresent()), "Chromium's first media in the manifest");
        Instant until = manifest.segments("chromium-1").get(0).firstMedia().orElseThrow().plusSeconds(SECONDS);
        Waits.until(Duration.ofSeconds(SECONDS + 10), () -> Instant.now().isAfter(until), SECONDS + " s of media");
        chromium.close();
        Waits.until(Duration.ofSeconds(30), () -> manifest.segments("chromium-1").stream().allMatch(Segment::ended),
                "the recording to end once Chromium is gone");

        Segment segment = manifest.segments("chromium-1").get(0);
        RecordingProbe.Result result = new RecordingProbe("ffprobe").probe(segment.file());
        assertTrue(result.valid() && result.headerDuration() != null, result::toString);
        assertEquals("vp8", result.stream("video").codec());
        assertEquals("opus", result.stream("audio").codec());
        assertTrue(result.duration() >= SECONDS - 1, "duration " + result.duration());
        List<Double> offsets = MediaSignatures.syncOffsetsMillis(
                MediaSignatures.flashOnsets(segment.file(), result.stream("video").start(), 30),
                MediaSignatures.beepOnsets(segment.file(), result.stream("audio").start()));
        assertTrue(offsets.size() >= SECONDS - 2, "flashes paired with beeps: " + offsets);
        double median = offsets.stream().map(Math::abs).sorted().toList().get(offsets.size() / 2);
        assertTrue(median <= 40, "median |audio onset - video onset| " + median + " ms in " + offsets);
    }
}
