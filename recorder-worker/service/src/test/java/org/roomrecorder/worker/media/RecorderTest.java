package org.roomrecorder.worker.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.protocol.RecordingOptions;
import org.roomrecorder.protocol.transport.Waits;
import org.roomrecorder.worker.probe.RecordingProbe;

/** The media pipeline end to end with synthetic decoded frames and PCM, judged by ffprobe and ffmpeg. */
class RecorderTest {
    /** BT.601 limited-range red: Y, U, V. */
    private static final int[] RED = {81, 90, 240};
    private static final int[] BLUE = {41, 240, 110};

    @TempDir
    Path dir;
    private final ExecutorService background = Executors.newCachedThreadPool();
    private final ScheduledExecutorService feeder = Executors.newScheduledThreadPool(2);
    private final Events events = new Events();
    private final RecordingProbe probe = new RecordingProbe("ffprobe");
    private final FrameMemory frames = new FrameMemory(64L << 20);

    @AfterEach
    void stop() {
        feeder.shutdownNow();
        background.shutdownNow();
    }

    @Test
    void recordsItsPublishersColourAndToneInOneMuxedFile() throws Exception {
        Recorder recorder = recorder(options(0, 0));
        feed(recorder, 640, 360, RED, 440);
        recordFor(recorder, 3.0);
        recorder.stop("closed").get(20, TimeUnit.SECONDS);

        Path file = dir.resolve("seg-0.mkv");
        RecordingProbe.Result result = probe.probe(file);
        assertTrue(result.valid(), result::toString);
        assertEquals("vp8", result.stream("video").codec());
        assertEquals(640, result.stream("video").width());
        assertEquals("opus", result.stream("audio").codec());
        assertEquals(3.0, result.duration(), 0.5);
        assertEquals(440, MediaSignatures.dominantFrequency(file, 1.0, 1.5), 10);
        assertColour(RED, MediaSignatures.meanYuv(file, 1.5));
        assertEquals(List.of("started 0", "finished 0 closed"), events.lines);
        assertNotNull(events.firstVideo);
        assertNotNull(events.firstAudio);
        assertEverythingGivenBack();
    }

    @Test
    void rotatesSegmentsWithoutLosingOrRepeatingMedia() throws Exception {
        Recorder recorder = recorder(options(1, 0));
        feed(recorder, 320, 240, BLUE, 660);
        recordFor(recorder, 3.5);
        recorder.stop("closed").get(20, TimeUnit.SECONDS);

        double total = 0;
        for (int i = 0; i < 4; i++) {
            RecordingProbe.Result segment = probe.probe(dir.resolve("seg-" + i + ".mkv"));
            assertTrue(segment.valid(), segment::toString);
            total += segment.duration();
            if (i < 3) {
                assertEquals(1.0, segment.duration(), 0.15, "segment " + i);
            }
        }
        assertEquals(3.5, total, 0.4);
        assertEquals(List.of("started 0", "started 1", "finished 0 segment-rotated", "started 2",
                "finished 1 segment-rotated", "started 3", "finished 2 segment-rotated", "finished 3 closed"),
                events.lines);
    }

    @Test
    void aResolutionChangeIsScaledIntoTheFirstGeometry() throws Exception {
        Recorder recorder = recorder(options(0, 0));
        Runnable first = feed(recorder, 640, 360, RED, 440);
        recordFor(recorder, 1.5);
        first.run();
        feed(recorder, 320, 240, BLUE, 440);
        recordFor(recorder, 3.0);
        recorder.stop("closed").get(20, TimeUnit.SECONDS);

        RecordingProbe.Result result = probe.probe(dir.resolve("seg-0.mkv"));
        assertTrue(result.valid(), result::toString);
        assertEquals(640, result.stream("video").width());
        assertEquals(360, result.stream("video").height());
        assertColour(BLUE, MediaSignatures.meanYuv(dir.resolve("seg-0.mkv"), 2.5, "crop=iw/2:ih/2"));
        assertEquals(2, events.resolutions.size());
    }

    @Test
    void stopsByItselfAtTheMaximumDuration() throws Exception {
        Recorder recorder = recorder(options(0, 2));
        feed(recorder, 320, 240, RED, 440);
        Waits.until(Duration.ofSeconds(10), () -> events.stopped != null, "the recorder to stop by itself");
        assertEquals("max-duration", events.stopped);
        recorder.stop("closed").get(20, TimeUnit.SECONDS);
        RecordingProbe.Result result = probe.probe(dir.resolve("seg-0.mkv"));
        assertEquals(2.0, result.duration(), 0.3);
    }

    /** A frame decoded late is placed by its render time, and so is the file's time 0 that the manifest reports. */
    @Test
    void timeZeroIsTheInstantOfTheFirstMediaItsRenderTimeNotItsArrival() throws Exception {
        Recorder recorder = recorder(options(0, 0));
        Instant arrival = Instant.now();
        recorder.onVideoFrame(new SolidFrame(320, 240, RED[0], RED[1], RED[2]), System.nanoTime() - 800_000_000L);
        recorder.stop("closed").get(20, TimeUnit.SECONDS);
        assertEquals(-800, Duration.between(arrival, events.firstVideo).toMillis(), 100);
    }

    /**
     * An FFmpeg that takes some video (its first input), then fails as FFmpeg does on ENOSPC, never having read its
     * audio input: the files end as disk-full, and the audio writer is not left blocked on that input's full pipe.
     */
    @Test
    void anEncoderThatRunsOutOfSpaceEndsTheRecordingAsDiskFull() throws Exception {
        Path ffmpeg = dir.resolve("ffmpeg-enospc");
        Files.writeString(ffmpeg, "#!/bin/sh\nwhile [ \"$1\" != -i ]; do shift; done\n"
                + "head -c 2000000 \"/dev/fd/${2#pipe:}\" >/dev/null\n"
                + "echo 'av_interleaved_write_frame(): No space left on device' >&2\n"
                + "echo 'Error closing file out.mkv: No space left on device' >&2\nexit 1\n");
        Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwx------"));
        Recorder recorder = recorder(options(0, 0), ffmpeg.toString());
        feed(recorder, 320, 240, RED, 440);
        Waits.until(Duration.ofSeconds(20), () -> events.stopped != null, "the recorder to stop by itself");

        assertEquals(Recorder.DISK_FULL, events.stopped);
        assertEquals(List.of("started 0", "finished 0 disk-full"), events.lines);
        assertTrue(events.details.get(0).contains("No space left on device")
                && events.details.get(0).contains("KiB free on"), events.details::toString);
        assertTrue(recorder.stop("closed").isDone(), "every file was finished before the recorder said why it stopped");
        assertEverythingGivenBack();
    }

    /**
     * An FFmpeg that hangs without ever reading its inputs: the session's frames stop at the frame memory's budget
     * (the rest dropped and counted) instead of growing, and killing the recorder releases its blocked writer, which
     * gives every frame back.
     */
    @Test
    void aStalledEncoderHoldsNoMoreFramesThanTheFrameMemoryAllows() throws Exception {
        Path ffmpeg = dir.resolve("ffmpeg-hung");
        Files.writeString(ffmpeg, "#!/bin/sh\nexec sleep 60\n");
        Files.setPosixFilePermissions(ffmpeg, PosixFilePermissions.fromString("rwx------"));
        long budget = 5L * new Geometry(320, 240).frameBytes();
        FrameMemory small = new FrameMemory(budget);
        Recorder recorder = new Recorder(settings(ffmpeg.toString()), small, options(0, 0), 0,
                i -> dir.resolve("seg-" + i + ".mkv"), background, events, "[test] ");
        feed(recorder, 320, 240, RED, 440);
        Waits.until(Duration.ofSeconds(10), () -> small.refused() >= 30, "frames refused by the frame memory");

        assertEquals(budget, small.allocated());
        assertEquals(budget, small.inUse());
        assertTrue(recorder.framesDropped() >= small.refused(), recorder.framesDropped() + " dropped");
        recorder.kill();
        Waits.until(Duration.ofSeconds(10), () -> small.inUse() == 0, "every frame back once the writer is released");
    }

    @Test
    void audioOnlyRecordsNoVideoStream() throws Exception {
        RecordingOptions o = options(0, 0);
        Recorder recorder = recorder(new RecordingOptions(true, false, o.container(), o.videoCodec(),
                o.videoBitrateKbps(), o.frameRate(), o.maxWidth(), o.maxHeight(), 0, 0, o.fileNameTemplate()));
        feed(recorder, 320, 240, RED, 880);
        recordFor(recorder, 2.0);
        recorder.stop("closed").get(20, TimeUnit.SECONDS);
        RecordingProbe.Result result = probe.probe(dir.resolve("seg-0.mkv"));
        assertTrue(result.valid(), result::toString);
        assertNull(result.stream("video"));
        assertEquals(880, MediaSignatures.dominantFrequency(dir.resolve("seg-0.mkv"), 0.5, 1.0), 10);
    }

    /** Every frame is back in the frame memory and no FIFO is left in the work directory. */
    private void assertEverythingGivenBack() throws Exception {
        Waits.until(Duration.ofSeconds(5), () -> frames.inUse() == 0, "every frame back in the frame memory");
        try (var left = Files.list(dir)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("ffmpeg-")
                    && Files.isDirectory(p)).toList());
        }
    }

    private static void assertColour(int[] expected, int[] actual) {
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], actual[i], 12, "plane " + "YUV".charAt(i) + " of " + java.util.Arrays.toString(actual));
        }
    }

    private Recorder recorder(RecordingOptions options) {
        return recorder(options, "ffmpeg");
    }

    private Recorder recorder(RecordingOptions options, String ffmpeg) {
        return new Recorder(settings(ffmpeg), frames, options, 0, i -> dir.resolve("seg-" + i + ".mkv"), background,
                events, "[test] ");
    }

    private Recorder.Settings settings(String ffmpeg) {
        return new Recorder.Settings(ffmpeg, dir, Duration.ofSeconds(2), 40, Duration.ofSeconds(10), 1000);
    }

    private static RecordingOptions options(int segmentSeconds, int maxDurationSeconds) {
        return new RecordingOptions(true, true, RecordingOptions.Container.MKV, RecordingOptions.VideoCodec.VP8, 800,
                30, 1280, 720, segmentSeconds, maxDurationSeconds, "{endpoint}");
    }

    /** Feeds frames at 30 fps and 10 ms PCM chunks of a sine, at real-time pace; run the result to stop. */
    private Runnable feed(Recorder recorder, int width, int height, int[] yuv, double tone) {
        SolidFrame frame = new SolidFrame(width, height, yuv[0], yuv[1], yuv[2]);
        var video = feeder.scheduleAtFixedRate(() -> recorder.onVideoFrame(frame, System.nanoTime()), 0, 33, TimeUnit.MILLISECONDS);
        long[] phase = {0};
        var audio = feeder.scheduleAtFixedRate(() -> {
            ByteBuffer pcm = ByteBuffer.allocate(960).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 480; i++) {
                pcm.putShort((short) (8000 * Math.sin(2 * Math.PI * tone * phase[0]++ / 48_000)));
            }
            recorder.onAudio(pcm.array(), 16, 48_000, 1, 480);
        }, 0, 10, TimeUnit.MILLISECONDS);
        return () -> {
            video.cancel(false);
            audio.cancel(false);
        };
    }

    /** Waits until the recorder has written {@code seconds} of media to its files. */
    private static void recordFor(Recorder recorder, double seconds) {
        Waits.until(Duration.ofSeconds((long) seconds + 10), () -> recorder.mediaSeconds() >= seconds,
                seconds + " s of recorded media");
    }

    private static final class Events implements Recorder.Listener {
        final List<String> lines = new CopyOnWriteArrayList<>();
        final List<String> resolutions = new CopyOnWriteArrayList<>();
        final List<String> details = new CopyOnWriteArrayList<>();
        volatile Instant firstVideo;
        volatile Instant firstAudio;
        volatile String stopped;

        @Override
        public void segmentStarted(int index, Path file, Instant startedAt, Geometry geometry) {
            lines.add("started " + index);
        }

        @Override
        public void segmentFinished(int index, Path file, String endReason, String endDetail,
                Recorder.SegmentStats stats) {
            lines.add("finished " + index + " " + endReason);
            details.add(String.valueOf(endDetail));
        }

        @Override
        public void firstVideoFrame(Instant at) {
            firstVideo = at;
        }

        @Override
        public void firstAudio(Instant at) {
            firstAudio = at;
        }

        @Override
        public void inputResolution(int width, int height, Instant at) {
            resolutions.add(width + "x" + height);
        }

        @Override
        public void stoppedByItself(String reason) {
            stopped = reason;
        }
    }
}
