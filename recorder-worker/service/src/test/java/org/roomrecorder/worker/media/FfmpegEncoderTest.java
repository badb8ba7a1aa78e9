package org.roomrecorder.worker.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.protocol.RecordingOptions;
import org.roomrecorder.protocol.transport.Waits;
import org.roomrecorder.worker.probe.RecordingProbe;

/** One FFmpeg child and its inputs, with real FFmpeg where it matters; a dying worker is a JVM killed with SIGKILL. */
// A write FFmpeg never takes would block for ever: the timeout interrupts it, which fails it, instead of the build.
@Timeout(120)
class FfmpegEncoderTest {
    private static final Geometry GEOMETRY = new Geometry(320, 240);

    @TempDir
    Path dir;
    private final RecordingProbe probe = new RecordingProbe("ffprobe");

    /**
     * A worker killed after starting FFmpeg and before writing to it (the first moments of every segment): FFmpeg
     * sees both inputs end and finishes the file, instead of waiting in open() for a writer that will never come.
     */
    @Test
    void ffmpegFinishesTheFileByItselfWhenTheWorkerDiesBeforeAnyMedia() throws Exception {
        Path file = dir.resolve("seg-0.mkv");
        Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), DyingWorker.class.getName(), dir.toString(), file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("worker.log").toFile()).start();
        Optional<ProcessHandle> ffmpeg = Optional.empty();
        try {
            Waits.until(Duration.ofSeconds(30), () -> ffmpegOf(worker).isPresent(), "the worker to start FFmpeg");
            ffmpeg = ffmpegOf(worker);
            worker.destroyForcibly().waitFor();
            ProcessHandle orphan = ffmpeg.get();
            Waits.until(Duration.ofSeconds(10), () -> exited(orphan), "FFmpeg to exit once its worker died");
            assertTrue(Files.exists(file), "FFmpeg left " + file);
        } finally {
            worker.destroyForcibly();
            ffmpeg.ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * FFmpeg dies while the video writer is blocked on a full pipe (the worker's own descriptor keeps the pipe open
     * for reading, so the write would not fail by itself): the write fails at once instead of hanging for ever.
     */
    @Test
    void aWriteBlockedOnAFullPipeFailsWhenFfmpegDies() throws Exception {
        Path pid = dir.resolve("ffmpeg.pid");
        Path ffmpeg = script("ffmpeg-stalled", "echo $$ > " + pid + ".new && mv " + pid + ".new " + pid
                + "\nexec sleep 60\n");
        FfmpegEncoder encoder = FfmpegEncoder.start(settings(ffmpeg.toString(), true, true), dir.resolve("seg-0.mkv"),
                dir, "[test] ");
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            ByteBuffer frame = ByteBuffer.allocateDirect(GEOMETRY.frameBytes()); // more than a pipe holds
            try {
                while (true) {
                    encoder.videoInput().write(frame.clear());
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "test-video-writer");
        writer.start();
        try {
            Waits.until(Duration.ofSeconds(10), () -> Files.exists(pid), "the stalled FFmpeg to start");
            Waits.until(Duration.ofSeconds(10), () -> Arrays.stream(writer.getStackTrace())
                    .anyMatch(frame -> frame.getMethodName().equals("write0")), "the writer to block on the full pipe");
            ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).ifPresent(ProcessHandle::destroyForcibly);
            writer.join(5000);
            assertFalse(writer.isAlive(), "the write still blocks after FFmpeg died");
            assertInstanceOf(IOException.class, failure.get());
            encoder.closeVideoInput();
            encoder.closeAudioInput();
            assertNotNull(encoder.finish(Duration.ofSeconds(5)), "FFmpeg was killed");
        } finally {
            encoder.kill();
            writer.interrupt();
        }
    }

    /**
     * An input nobody ever wrote to still ends when closed: FFmpeg finishes the file. (FFmpeg reads some of each input
     * before it encodes anything, so the audio must end before the video can go in.)
     */
    @Test
    void anInputNeverWrittenEndsWhenClosed() throws Exception {
        Path file = dir.resolve("seg-0.mkv");
        FfmpegEncoder encoder = FfmpegEncoder.start(settings("ffmpeg", true, true), file, dir, "[test] ");
        encoder.closeAudioInput();
        writeBlackFrames(encoder, 30);
        encoder.closeVideoInput();

        assertNull(encoder.finish(Duration.ofSeconds(20)));
        RecordingProbe.Result result = probe.probe(file);
        assertEquals(30, result.stream("video").packets(), result::toString);
        assertEverythingRemoved();
    }

    @Test
    void aVideoOnlyFileIsFinishedWhenItsOneInputCloses() throws Exception {
        Path file = dir.resolve("seg-0.mkv");
        FfmpegEncoder encoder = FfmpegEncoder.start(settings("ffmpeg", false, true), file, dir, "[test] ");
        writeBlackFrames(encoder, 30);
        encoder.closeVideoInput();

        assertNull(encoder.finish(Duration.ofSeconds(20)));
        RecordingProbe.Result result = probe.probe(file);
        assertTrue(result.valid(), result::toString);
        assertNull(result.stream("audio"));
        assertEquals(1.0, result.duration(), 0.1);
        assertEverythingRemoved();
    }

    /**
     * The worker's part of the test above, in a JVM of its own: starts an encoder, writes nothing and waits to be
     * killed. It waits on its standard input, which the test never writes: should the test's JVM die first, the
     * input ends and this JVM ends too, rather than outliving it.
     */
    static final class DyingWorker {
        /** Held, as the segment chain holds it: collected, its inputs would be closed. */
        static FfmpegEncoder encoder;

        public static void main(String[] args) throws Exception {
            encoder = FfmpegEncoder.start(settings("ffmpeg", true, true), Path.of(args[1]), Path.of(args[0]),
                    "[dying] ");
            while (System.in.read() >= 0) {
                // Nothing is ever written; only the end of the input (or SIGKILL) ends the wait.
            }
        }
    }

    private static EncoderSettings settings(String ffmpeg, boolean audio, boolean video) {
        return new EncoderSettings(ffmpeg, new RecordingOptions(audio, video, RecordingOptions.Container.MKV,
                RecordingOptions.VideoCodec.VP8, 800, 30, 1280, 720, 0, 0, "{endpoint}"), GEOMETRY);
    }

    private static void writeBlackFrames(FfmpegEncoder encoder, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            BlackFrame.write(encoder.videoInput(), GEOMETRY);
        }
    }

    private static Optional<ProcessHandle> ffmpegOf(Process worker) {
        return worker.children().filter(p -> p.info().command().orElse("").endsWith("/ffmpeg")).findFirst();
    }

    /** Exited, reaped or not: the orphan's new parent may reap it late, or never. */
    private static boolean exited(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            return !process.isAlive() || stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (IOException e) {
            return true;
        }
    }

    private Path script(String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** The FIFOs' directory is gone. */
    private void assertEverythingRemoved() throws IOException {
        try (var left = Files.list(dir)) {
            assertEquals(0, left.filter(p -> p.getFileName().toString().startsWith("ffmpeg-")).count());
        }
    }
}
