package org.roomrecorder.worker.media;

import java.io.BufferedReader;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.protocol.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One FFmpeg child writing one segment file. Video frames go to its stdin; audio goes to a FIFO when stdin
 * carries video. Closing both inputs makes FFmpeg finish the file; if the worker dies instead, FFmpeg sees its
 * inputs end and finishes the file on its own. The FIFO lives in a directory of its own under the work directory, so
 * two recordings never share one whatever their files are called (two conferences may both have an "alice").
 */
final class FfmpegEncoder {
    private static final Logger log = LoggerFactory.getLogger(FfmpegEncoder.class);
    private static final int STDERR_LINES_KEPT = 20;
    /** What FFmpeg prints for ENOSPC (strerror in the C locale, which FFmpeg never leaves). */
    private static final String NO_SPACE = "No space left on device";

    private final Process process;
    private final Path file;
    private final Path fifos;
    private final Path fifo;
    private final String logPrefix;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stderr;
    private boolean noSpaceLeft;
    private OutputStream audio;

    private FfmpegEncoder(Process process, Path file, Path fifos, Path fifo, String logPrefix) {
        this.process = process;
        this.file = file;
        this.fifos = fifos;
        this.fifo = fifo;
        this.logPrefix = logPrefix;
        this.stderr = new Thread(this::drainStderr, "ffmpeg-" + file.getFileName());
        this.stderr.setDaemon(true);
    }

    /** Starts FFmpeg writing {@code file}, its FIFO in a new directory under {@code workDir}. */
    static FfmpegEncoder start(EncoderSettings settings, Path file, Path workDir, String logPrefix) throws IOException {
        Path fifos = Files.createTempDirectory(workDir, "ffmpeg-");
        Path fifo = settings.audioOnFifo() ? fifos.resolve("audio.pcm") : null;
        Process process;
        try {
            if (fifo != null) {
                makeFifo(fifo);
            }
            ProcessBuilder builder = new ProcessBuilder(settings.command(fifo == null ? null : fifo.toString(),
                    file.toString()));
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            process = builder.start();
        } catch (IOException e) {
            deleteFifo(fifos, fifo, logPrefix);
            throw e;
        }
        FfmpegEncoder encoder = new FfmpegEncoder(process, file, fifos, fifo, logPrefix);
        encoder.stderr.start();
        if (fifo != null) {
            // If FFmpeg dies before opening the FIFO, a writer blocked in open() would wait forever: opening it
            // read-write here never blocks and releases that writer, whose first write then fails.
            Path pipe = fifo;
            process.onExit().thenRun(() -> releaseFifo(pipe));
        }
        return encoder;
    }

    private static void makeFifo(Path fifo) throws IOException {
        Process mkfifo = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).redirectErrorStream(true).start();
        try {
            if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                mkfifo.destroyForcibly();
                throw new IOException("mkfifo " + fifo + " failed: "
                        + new String(mkfifo.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted creating " + fifo, e);
        }
    }

    /** Never creates the FIFO: once deleted, nobody can be blocked on it. */
    private static void releaseFifo(Path fifo) {
        try {
            FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE).close();
        } catch (IOException e) {
            // Already gone: nobody can be blocked on it.
        }
    }

    Path file() {
        return file;
    }

    OutputStream videoInput() {
        return process.getOutputStream();
    }

    /** The audio input; opening the FIFO blocks until FFmpeg opens its end, so only the audio writer calls it. */
    synchronized OutputStream audioInput() throws IOException {
        if (fifo == null) {
            return process.getOutputStream();
        }
        if (audio == null) {
            audio = new FileOutputStream(fifo.toFile());
        }
        return audio;
    }

    /** The video writer is done with this segment: FFmpeg sees the end of the video stream. */
    void closeVideoInput() {
        closeQuietly(process.getOutputStream());
    }

    /** The audio writer is done with this segment. If it never opened the FIFO, FFmpeg must still see its end. */
    synchronized void closeAudioInput() {
        if (fifo == null) {
            closeQuietly(process.getOutputStream());
        } else if (audio != null) {
            closeQuietly(audio);
        } else {
            releaseFifo(fifo);
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
            deleteFifo(fifos, fifo, logPrefix);
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
        if (fifo != null) {
            // Released before it goes: once deleted, a writer still blocked opening it could not be released.
            releaseFifo(fifo);
        }
        deleteFifo(fifos, fifo, logPrefix);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** FFmpeg's last complaint, for error messages; empty if it said nothing. */
    synchronized String lastError() {
        return stderrTail.isEmpty() ? "" : stderrTail.peekLast();
    }

    private static void deleteFifo(Path directory, Path fifo, String logPrefix) {
        try {
            if (fifo != null) {
                Files.deleteIfExists(fifo);
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

    private static void closeQuietly(OutputStream out) {
        try {
            out.close();
        } catch (IOException e) {
            // FFmpeg already gone: the exit code tells the story.
        }
    }
}
