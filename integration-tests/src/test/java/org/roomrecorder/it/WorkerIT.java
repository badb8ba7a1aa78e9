package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        worker = WorkerProcess.start(network, dir, "");
        relay = Relay.start(worker, network, dir.resolve("farm.log"));
    }

    @AfterEach
    void stop() throws Exception {
        relay.close();
        worker.close();
        network.close();
    }

    @Test
    void aPublisherIsRecordedWithItsOwnToneAndColour() throws Exception {
        relay.record("alice", "room-1", "alice-cam", RecordingOptions.defaults(), TONES[0], COLOURS[0]);
        awaitRecording("alice", 10);
        relay.close("alice", "endpoint-left");
        Closed closed = awaitClosed("alice");

        assertEquals("endpoint-left", closed.reason());
        Path file = onlyFile(closed);
        RecordingProbe.Result result = probe.probe(file);
        assertTrue(result.valid(), result::toString);
        assertEquals("vp8", result.stream("video").codec());
        assertEquals("opus", result.stream("audio").codec());
        assertEquals(10.0, result.duration(), 0.5, "duration");
        assertSignature(file, 0);
    }

    /** Waits until {@code id}'s file holds {@code seconds} of media: that long after the worker's first frame. */
    private void awaitRecording(String id, int seconds) {
        Waits.until(Duration.ofSeconds(30), () -> relay.hasState(id, StateEvent.State.FIRST_VIDEO_FRAME),
                id + "'s first video frame");
        Instant firstFrame = relay.states.stream().filter(s -> s.session().equals(id)
                && s.state() == StateEvent.State.FIRST_VIDEO_FRAME).findFirst().orElseThrow().at();
        Instant until = firstFrame.plusSeconds(seconds);
        Waits.until(Duration.ofSeconds(seconds + 10), () -> Instant.now().isAfter(until),
                seconds + " s after " + id + "'s first frame");
    }

    private Closed awaitClosed(String id) {
        Waits.until(Duration.ofSeconds(30), () -> relay.closed.containsKey(id), id + "'s session to close");
        return relay.closed.get(id);
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
