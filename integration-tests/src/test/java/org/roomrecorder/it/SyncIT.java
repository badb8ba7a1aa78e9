package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.it.ConferenceManifest.Segment;
import org.roomrecorder.it.chromium.ChromiumPublisher;
import org.roomrecorder.it.janus.JanusPublisher;
import org.roomrecorder.it.janus.JanusPublishers;
import org.roomrecorder.it.janus.JanusRecording;
import org.roomrecorder.it.janus.JanusServer;
import org.roomrecorder.it.janus.PluginProcess;
import org.roomrecorder.protocol.transport.Waits;
import org.roomrecorder.worker.media.MediaSignatures;
import org.roomrecorder.worker.probe.RecordingProbe;

/**
 * A/V sync through Janus, the plugin and the worker. Each publisher flashes and beeps at the same instant every
 * second; in the recording, the median |audio onset − video onset| stays within 40 ms. Janus also records the
 * publisher with its own recorder, which shows the skew the publisher itself sent, so the skew the chain adds is
 * checked too. Fifteen seconds, because libwebrtc's lip sync takes several seconds to settle on a new stream.
 */
class SyncIT {
    private static final String ROOM = "sync";
    private static final int SECONDS = 15;
    private static final double LIMIT_MILLIS = 40;

    @TempDir
    Path dir;
    private TestNetwork network;
    private WorkerProcess worker;
    private JanusServer janus;
    private PluginProcess plugin;
    private JanusPublishers publishers;
    private ChromiumPublisher chromium;

    @BeforeEach
    void start() throws Exception {
        network = new TestNetwork();
        worker = WorkerProcess.start(network, dir.resolve("worker"), "");
        janus = JanusServer.start(network, dir.resolve("janus"), new JanusServer.Settings(List.of(ROOM), 4, 1_000_000,
                null, dir.resolve("janus-recordings")));
        plugin = PluginProcess.start(network, dir.resolve("plugin"), "url = \"" + janus.apiUri() + "\"",
                List.of(worker.socket()), "media = both");
    }

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(chromium, publishers, plugin, janus, worker, network);
    }

    /** A webrtc-java publisher whose frames carry capture times on the ideal schedule. */
    @Test
    void aWebrtcJavaPublisherIsRecordedInSync() throws Exception {
        publishers = JanusPublishers.start(janus, network, dir.resolve("farm.log"), 30);
        JanusPublisher publisher = publishers.createBeepFlash(ROOM, "farm-1", "Farm");
        publishers.joinAndPublish(publisher).get();
        Path file = recordFor("farm-1", () -> publisher.leave().get());
        assertInSync(file, "farm-1");
    }

    /**
     * Headless Chromium through Janus's own JavaScript client, with media the page makes by one clock: a canvas
     * and a Web Audio oscillator. (Chromium's fake camera delivers its file about 2 % slow, so its flashes drift from
     * its microphone's beeps at the source; BENCHMARKS.md.)
     */
    @Test
    void aChromiumPublisherIsRecordedInSync() throws Exception {
        chromium = ChromiumPublisher.start(network, dir.resolve("chromium"), janus.apiUri(), ROOM, "chromium-1",
                "Chromium", ChromiumPublisher.Source.PAGE);
        chromium.await("webrtcup", Duration.ofSeconds(60));
        Path file = recordFor("chromium-1", chromium::close);
        assertInSync(file, "chromium-1");
    }

    /** Waits for {@link #SECONDS} of recorded media, ends the publisher, and returns its one finished file. */
    private Path recordFor(String endpoint, Step leave) throws Exception {
        ConferenceManifest manifest = new ConferenceManifest(worker.output().resolve(ROOM));
        Waits.until(Duration.ofSeconds(45), () -> manifest.segments(endpoint).stream()
                .anyMatch(s -> s.firstMedia().isPresent()), endpoint + "'s first media in the manifest");
        Instant until = manifest.segments(endpoint).get(0).firstMedia().orElseThrow().plusSeconds(SECONDS);
        Waits.until(Duration.ofSeconds(SECONDS + 10), () -> Instant.now().isAfter(until), SECONDS + " s of media");
        leave.run();
        Waits.until(Duration.ofSeconds(30), () -> manifest.segments(endpoint).stream().allMatch(Segment::ended),
                "the recording to end once " + endpoint + " is gone");
        List<Segment> segments = manifest.segments(endpoint);
        assertEquals(1, segments.size(), segments::toString);
        return segments.get(0).file();
    }

    private void assertInSync(Path file, String endpoint) throws Exception {
        RecordingProbe.Result result = new RecordingProbe("ffprobe").probe(file);
        assertTrue(result.valid() && result.duration() >= SECONDS - 1, result::toString);
        List<Double> recorded = MediaSignatures.syncOffsetsMillis(
                MediaSignatures.flashOnsets(file, result.stream("video").start(), 30),
                MediaSignatures.beepOnsets(file, result.stream("audio").start()));
        List<Double> sent = JanusRecording.sentSyncOffsetsMillis(dir.resolve("janus-recordings"), endpoint, dir, 30);
        assertTrue(recorded.size() >= SECONDS - 3, "flashes paired with beeps: " + recorded);
        double sentMedian = median(sent);
        List<Double> added = new ArrayList<>();
        recorded.forEach(offset -> added.add(offset - sentMedian));
        String report = String.format(Locale.ROOT, "recorded %s; as sent (Janus's recording) %s", rounded(recorded),
                rounded(sent));
        assertTrue(medianAbs(recorded) <= LIMIT_MILLIS, "median |audio - video| in the file: " + report);
        assertTrue(medianAbs(added) <= LIMIT_MILLIS, "median |skew added by the chain|: " + report);
    }

    private static double median(List<Double> values) {
        return values.stream().sorted().toList().get(values.size() / 2);
    }

    private static double medianAbs(List<Double> values) {
        return median(values.stream().map(Math::abs).toList());
    }

    private static List<String> rounded(List<Double> millis) {
        return millis.stream().map(m -> String.format(Locale.ROOT, "%+.0f", m)).toList();
    }

    /** What ends a publisher. */
    private interface Step {
        void run() throws Exception;
    }
}
