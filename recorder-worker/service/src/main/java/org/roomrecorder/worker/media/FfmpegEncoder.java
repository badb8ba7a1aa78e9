package org.roomrecorder.worker.media;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.protocol.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FFmpeg child writing one segment file. Each input (video frames, PCM) reaches it through a FIFO of its own,
 * written through a channel: the frames go from the frame memory to the pipe with no copy on the heap, which the
 * child's stdin (a stream only) cannot offer. Closing both inputs makes FFmpeg finish the file; if the worker dies
 * instead, the kernel closes them, and FFmpeg finishes the file on its own.
 *
 * <p>That holds only if nobody ever waits to open a FIFO. Opening one only for reading waits for a writer, and one
 * only for writing for a reader; FFmpeg opening its inputs itself, one after the other and reading the first before
 * it opens the second, would wait in open() for good if the worker died before it got there: an orphan FFmpeg and an
 * unfinished file. So the worker opens each FIFO read-write before FFmpeg starts, which on Linux never waits, and
 * writes to it from then on; a shell in front of FFmpeg opens FFmpeg's read ends the same way, read-write first so
 * that the read-only open after it cannot wait, then drops the read-write one. FFmpeg inherits read ends only
 * (ProcessBuilder closes every other descriptor in a child), so it sees an input end as soon as the worker's
 * descriptor is closed, by the worker or by the kernel, whenever that is.
 *
 * <p>The worker's descriptors read as well, so a write into the pipe of an FFmpeg that died does not fail by itself
 * (no EPIPE): it blocks once the pipe is full. So both inputs are closed when FFmpeg exits, which fails any write,
 * also one blocked. The FIFOs live in a directory of their own under the work directory, so two recordings never
 * share one whatever their files are called, and go when the encoder finishes or is killed.
 */
final class FfmpegEncoder {
    private static final Logger log = LoggerFactory.getLogger(FfmpegEncoder.class);
    private static final int STDERR_LINES_KEPT = 20;
    /** What FFmpeg prints for ENOSPC (strerror in the C locale, which FFmpeg never leaves). */
    private static final String NO_SPACE = "No space left on device";

    private final Process process;
    private final Path file;
    private final Path fifos;
    private final Path videoFifo;
    private final Path audioFifo;
    private final String logPrefix;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stderr;
    private final FileChannel video;
    private final FileChannel audio;
    private final OutputStream audioStream;
    private boolean noSpaceLeft;

    private FfmpegEncoder(Process process, Path file, Path fifos, Path videoFifo, Path audioFifo, FileChannel video,
            FileChannel audio, String logPrefix) {
        this.process = process;
        this.file = file;
        this.fifos = fifos;
        this.videoFifo = videoFifo;
        this.audioFifo = audioFifo;
        this.video = video;
        this.audio = audio;
        this.audioStream = audio == null ? null : Channels.newOutputStream(audio);
        this.logPrefix = logPrefix;
        this.stderr = new Thread(this::drainStderr, "ffmpeg-" + file.getFileName());
        this.stderr.setDaemon(true);
    }

    /** Starts FFmpeg writing {@code file}, its FIFOs in a new directory under {@code workDir}. */
    static FfmpegEncoder start(EncoderSettings settings, Path file, Path workDir, String logPrefix) throws IOException {
        Path fifos = Files.createTempDirectory(workDir, "ffmpeg-");
        Path videoFifo = settings.hasVideo() ? fifos.resolve("video.yuv") : null;
        Path audioFifo = settings.hasAudio() ? fifos.resolve("audio.pcm") : null;
        FileChannel video = null;
        FileChannel audio = null;
        Process process;
        try {
            makeFifos(videoFifo, audioFifo);
            video = openInput(videoFifo);
            audio = openInput(audioFifo);
            ProcessBuilder builder = new ProcessBuilder(command(settings, videoFifo, audioFifo, file));
            // The worker's fixed mmap threshold (./recorder) returns its frames to the system. FFmpeg allocates
            // frame-sized blocks for every frame: mapped each time, they cost it 9 times the page faults and 0.6 %
            // of a core more per 640x360 encoder.
            builder.environment().remove("MALLOC_MMAP_THRESHOLD_");
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            process = builder.start();
        } catch (IOException e) {
            closeQuietly(video);
            closeQuietly(audio);
            deleteFifos(fifos, videoFifo, audioFifo, logPrefix);
            throw e;
        }
        FfmpegEncoder encoder = new FfmpegEncoder(process, file, fifos, videoFifo, audioFifo, video, audio, logPrefix);
        encoder.stderr.start();
        process.onExit().thenRun(() -> {
            encoder.closeVideoInput();
            encoder.closeAudioInput();
        });
        return encoder;
    }

    /** Read-write, so that it never waits for FFmpeg (see the class comment); null without that input. */
    private static FileChannel openInput(Path fifo) throws IOException {
        return fifo == null ? null : FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /**
     * FFmpeg behind a shell that opens its inputs for it as descriptors 3 (video) and 4 (audio), which FFmpeg reads
     * as pipe:3 and pipe:4, then becomes FFmpeg at a lower priority than the worker (see the class comment).
     */
    private static List<String> command(EncoderSettings settings, Path videoFifo, Path audioFifo, Path file) {
        StringBuilder script = new StringBuilder();
        List<String> fifoPaths = new ArrayList<>();
        if (videoFifo != null) {
            script.append(readEnd(3));
            fifoPaths.add(videoFifo.toString());
        }
        if (audioFifo != null) {
            script.append(readEnd(4));
            fifoPaths.add(audioFifo.toString());
        }
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", script + "exec \"$@\"", "sh"));
        command.addAll(fifoPaths);
        // Below the worker: under contention the receive side (decoders, the audio device that paces itself by
        // sleeping) cannot wait, while FFmpeg, a second of frames behind in its pipe and queue, loses nothing.
        // A soak's filled-in audio silence went from 3.74 to 2.46 % (docs/reliability/soak.md).
        command.addAll(List.of("nice", "-n", "5"));
        command.addAll(settings.command(videoFifo == null ? null : "pipe:3", audioFifo == null ? null : "pipe:4",
                file.toString()));
        return command;
    }

    /** Opens the FIFO $1 read-only as {@code fd}, never waiting (read-write as 9 meanwhile), and drops $1. */
    private static String readEnd(int fd) {
        return "exec 9<>\"$1\" " + fd + "<\"$1\" 9>&- && shift && ";
    }

    private static void makeFifos(Path... fifos) throws IOException {
        List<String> command = new ArrayList<>(List.of("mkfifo", "-m", "600"));
        for (Path fifo : fifos) {
            if (fifo != null) {
                command.add(fifo.toString());
            }
        }
        Process mkfifo = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                mkfifo.destroyForcibly();
                throw new IOException(String.join(" ", command) + " failed: "
                        + new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted creating " + command.subList(3, command.size()), e);
        }
    }

    Path file() {
        return file;
    }

    /** The video input; once closed, or once FFmpeg exited, every write fails. */
    FileChannel videoInput() {
        return video;
    }

    /** The audio input; once closed, or once FFmpeg exited, every write fails. */
    OutputStream audioInput() {
        return audioStream;
    }

    /** The video writer is done with this segment: FFmpeg sees the video end. */
    void closeVideoInput() {
        closeQuietly(video);
    }

    /** The audio writer is done with this segment: FFmpeg sees the audio end. */
    void closeAudioInput() {
        closeQuietly(audio);
    }

    /**
     * Waits, once both inputs are closed, for FFmpeg to finish the file. Returns null on success, else why it failed.
     */
    String finish(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{}ffmpeg did not finish {} within {} ms; stopping it", logPrefix, file.getFileName(),
                        timeout.toMillis());
                process.destroy();
                if (!process.waitFor(2, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
                return "ffmpeg did not finish in time";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return "interrupted";
        } finally {
            deleteFifos(fifos, videoFifo, audioFifo, logPrefix);
        }
        if (process.exitValue() == 0) {
            return null;
        }
        awaitStderr();
        return "ffmpeg exited with " + process.exitValue() + ": " + lastError();
    }

    /**
     * FFmpeg's last lines may still be in the pipe when its exit is seen; the failure must name them, or a full
     * disk would read as an anonymous exit code.
     */
    private void awaitStderr() {
        try {
            stderr.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** FFmpeg said that the file system it writes to is full; meaningful once {@link #finish} has returned. */
    synchronized boolean noSpaceLeft() {
        return noSpaceLeft;
    }

    /** Stops FFmpeg at once (it still finishes the file on SIGTERM). */
    void kill() {
        process.destroy();
        deleteFifos(fifos, videoFifo, audioFifo, logPrefix);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** FFmpeg's last complaint, for error messages; empty if it said nothing. */
    synchronized String lastError() {
        return stderrTail.isEmpty() ? "" : stderrTail.peekLast();
    }

    private static void deleteFifos(Path directory, Path videoFifo, Path audioFifo, String logPrefix) {
        try {
            if (videoFifo != null) {
                Files.deleteIfExists(videoFifo);
            }
            if (audioFifo != null) {
                Files.deleteIfExists(audioFifo);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            log.debug("{}could not remove {}", logPrefix, directory, e);
        }
    }

    private void drainStderr() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            int logged = 0;
            while ((line = lines.readLine()) != null) {
                synchronized (this) {
                    noSpaceLeft |= line.contains(NO_SPACE);
                    stderrTail.addLast(line);
                    if (stderrTail.size() > STDERR_LINES_KEPT) {
                        stderrTail.removeFirst();
                    }
                }
                if (logged++ < 10) {
                    log.warn("{}ffmpeg: {}", logPrefix, Text.printable(line));
                }
            }
        } catch (IOException e) {
            log.debug("{}ffmpeg stderr closed", logPrefix, e);
        }
    }

    private static void closeQuietly(Closeable out) {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            // FFmpeg already gone: the exit code tells the story.
        }
    }
}
