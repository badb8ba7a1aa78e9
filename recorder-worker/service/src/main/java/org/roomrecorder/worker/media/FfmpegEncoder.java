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
 * instead, FFmpeg sees its inputs end and finishes the file on its own.
 *
 * <p>Opening a FIFO for writing blocks until FFmpeg opens it for reading, which it does input after input; so each
 * writer opens only its own input, on its own thread. If FFmpeg dies first, a writer blocked in that open would wait
 * forever: when it exits, each FIFO is opened read-write here, which never blocks and releases that writer, whose
 * first write then fails; a write into a FIFO whose reader died fails at once. The FIFOs live in a directory of
 * their own under the work directory, so two recordings never share one whatever their files are called, and go
 * when the encoder finishes or is killed.
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
    private boolean noSpaceLeft;
    /**
     * Each input has its own lock: its writer holds it while blocked opening the FIFO, and FFmpeg opens the audio
     * FIFO only after the video one, once the video writer has opened that and written to it.
     */
    private final Object videoLock = new Object();
    private final Object audioLock = new Object();
    private FileChannel video;
    private OutputStream audio;

    private FfmpegEncoder(Process process, Path file, Path fifos, Path videoFifo, Path audioFifo, String logPrefix) {
        this.process = process;
        this.file = file;
        this.fifos = fifos;
        this.videoFifo = videoFifo;
        this.audioFifo = audioFifo;
        this.logPrefix = logPrefix;
        this.stderr = new Thread(this::drainStderr, "ffmpeg-" + file.getFileName());
        this.stderr.setDaemon(true);
    }

    /** Starts FFmpeg writing {@code file}, its FIFOs in a new directory under {@code workDir}. */
    static FfmpegEncoder start(EncoderSettings settings, Path file, Path workDir, String logPrefix) throws IOException {
        Path fifos = Files.createTempDirectory(workDir, "ffmpeg-");
        Path videoFifo = settings.hasVideo() ? fifos.resolve("video.yuv") : null;
        Path audioFifo = settings.hasAudio() ? fifos.resolve("audio.pcm") : null;
        Process process;
        try {
            makeFifos(videoFifo, audioFifo);
            ProcessBuilder builder = new ProcessBuilder(settings.command(videoFifo, audioFifo, file.toString()));
            // The worker's fixed mmap threshold (./recorder) returns its frames to the system. FFmpeg allocates
            // frame-sized blocks for every frame: mapped each time, they cost it 9 times the page faults and 0.6 %
            // of a core more per 640x360 encoder.
            builder.environment().remove("MALLOC_MMAP_THRESHOLD_");
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            process = builder.start();
        } catch (IOException e) {
            deleteFifos(fifos, videoFifo, audioFifo, logPrefix);
            throw e;
        }
        FfmpegEncoder encoder = new FfmpegEncoder(process, file, fifos, videoFifo, audioFifo, logPrefix);
        encoder.stderr.start();
        process.onExit().thenRun(() -> {
            releaseFifo(videoFifo);
            releaseFifo(audioFifo);
        });
        return encoder;
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

    /**
     * Releases a writer blocked opening {@code fifo} (see the class comment). Never creates it: once deleted,
     * nobody can be blocked on it.
     */
    private static void releaseFifo(Path fifo) {
        if (fifo == null) {
            return;
        }
        try {
            FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
        } catch (IOException e) {
            // Already gone: nobody can be blocked on it.
        }
    }

    Path file() {
        return file;
    }

    /** The video input; opening the FIFO blocks until FFmpeg opens its end, so only the video writer calls it. */
    FileChannel videoInput() throws IOException {
        synchronized (videoLock) {
            if (video == null) {
                video = FileChannel.open(videoFifo, StandardOpenOption.WRITE);
            }
            return video;
        }
    }

    /** The audio input; opening the FIFO blocks until FFmpeg opens its end, so only the audio writer calls it. */
    OutputStream audioInput() throws IOException {
        synchronized (audioLock) {
            if (audio == null) {
                audio = Channels.newOutputStream(FileChannel.open(audioFifo, StandardOpenOption.WRITE));
            }
            return audio;
        }
    }

    /** The video writer is done with this segment. If it never opened the FIFO, FFmpeg must still see its end. */
    void closeVideoInput() {
        synchronized (videoLock) {
            if (video != null) {
                closeQuietly(video);
            } else {
                releaseFifo(videoFifo);
            }
        }
    }

    /** The audio writer is done with this segment. If it never opened the FIFO, FFmpeg must still see its end. */
    void closeAudioInput() {
        synchronized (audioLock) {
            if (audio != null) {
                closeQuietly(audio);
            } else {
                releaseFifo(audioFifo);
            }
        }
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
        // Released before they go: once deleted, a writer still blocked opening one could not be released.
        releaseFifo(videoFifo);
        releaseFifo(audioFifo);
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
        try {
            out.close();
        } catch (IOException e) {
            // FFmpeg already gone: the exit code tells the story.
        }
    }
}
