package org.roomrecorder.worker.media;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;

/**
 * The encoders of one recording, one per segment. The video and the audio writer each ask for the encoder of the
 * segment their media time falls in, and hand it back when they move on; when every input of a segment is back,
 * its encoder finishes the file in the background and the listener hears the segment's end.
 */
final class SegmentChain {
    /** What the chain reports; calls come from writer and finisher threads. */
    interface Events {
        void started(int index, Path file, Instant startedAt);

        /**
         * @param failure  null if FFmpeg finished the file cleanly, else what went wrong
         * @param diskFull FFmpeg failed because the file system it writes to is full
         */
        void finished(int index, Path file, boolean last, String failure, boolean diskFull);
    }

    private final EncoderSettings settings;
    private final IntFunction<Path> files;
    private final Path workDir;
    private final RecordingClock clock;
    private final int firstIndex;
    private final long segmentNanos;
    private final Duration finishTimeout;
    private final Executor finisher;
    private final Events events;
    private final String logPrefix;
    private final Map<Integer, Entry> entries = new HashMap<>();
    private final CompletableFuture<Void> allFinished = new CompletableFuture<>();
    private int highestIndex = -1;
    private int pending;

    private static final class Entry {
        final FfmpegEncoder encoder;
        int openInputs;

        Entry(FfmpegEncoder encoder, int openInputs) {
            this.encoder = encoder;
            this.openInputs = openInputs;
        }
    }

    SegmentChain(EncoderSettings settings, IntFunction<Path> files, Path workDir, RecordingClock clock, int firstIndex,
            long segmentNanos, Duration finishTimeout, Executor finisher, Events events, String logPrefix) {
        this.settings = settings;
        this.files = files;
        this.workDir = workDir;
        this.clock = clock;
        this.firstIndex = firstIndex;
        this.segmentNanos = segmentNanos;
        this.finishTimeout = finishTimeout;
        this.finisher = finisher;
        this.events = events;
        this.logPrefix = logPrefix;
    }

    /** The encoder of segment {@code index}, started on first request. */
    synchronized FfmpegEncoder encoder(int index) throws IOException {
        Entry entry = entries.get(index);
        if (entry == null) {
            Path file;
            try {
                file = files.apply(index);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
            FfmpegEncoder encoder = FfmpegEncoder.start(settings, file, workDir, logPrefix);
            entry = new Entry(encoder, (settings.hasVideo() ? 1 : 0) + (settings.hasAudio() ? 1 : 0));
            entries.put(index, entry);
            highestIndex = Math.max(highestIndex, index);
            pending++;
            long ordinal = index - firstIndex;
            events.started(index, file, clock.instantAt(clock.segmentStartNanos(ordinal, segmentNanos)));
        }
        return entry.encoder;
    }

    /**
     * A writer is done with segment {@code index}: its input is closed at once, so that FFmpeg can finish the
     * other stream on its own while the writer feeds the next segment.
     */
    void release(int index, boolean video) {
        Entry done;
        synchronized (this) {
            Entry entry = entries.get(index);
            if (entry == null) {
                return;
            }
            if (video) {
                entry.encoder.closeVideoInput();
            } else {
                entry.encoder.closeAudioInput();
            }
            if (--entry.openInputs > 0) {
                return;
            }
            done = entries.remove(index);
        }
        finisher.execute(() -> {
            String failure = done.encoder.finish(finishTimeout);
            boolean last;
            synchronized (this) {
                last = index == highestIndex && entries.isEmpty();
            }
            events.finished(index, done.encoder.file(), last, failure, failure != null && done.encoder.noSpaceLeft());
            synchronized (this) {
                if (--pending == 0 && last) {
                    allFinished.complete(null);
                }
            }
        });
    }

    /** Completes when the last segment's file is finished. */
    CompletableFuture<Void> allFinished() {
        synchronized (this) {
            if (pending == 0 && entries.isEmpty()) {
                allFinished.complete(null);
            }
        }
        return allFinished;
    }

    /** Stops every encoder at once: for a worker that must exit now. FFmpeg still closes each file on SIGTERM. */
    synchronized void killAll() {
        entries.values().forEach(entry -> entry.encoder.kill());
    }
}
