package org.roomrecorder.worker.media;

import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import org.roomrecorder.protocol.RecordingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one session's decoded media into one file per segment, audio and video muxed and in sync.
 *
 * <p>The clock starts at the first media (a decoded video frame, or audio that is not silence). The video size is
 * fixed by the first frame, or, if audio came first, after {@code videoWait} without video. Then a video writer
 * ticks at the frame rate and an audio writer keeps PCM on the same clock, each feeding the FFmpeg child of the
 * current segment. {@link #onVideoFrame} and {@link #onAudio} are called on webrtc-java's threads and never
 * block: they copy or queue and return.
 */
public final class Recorder {
    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    /**
     * When audio pulled now is heard: webrtc-java's headless audio device reports a fixed 50 ms playout delay, and
     * libwebrtc's lip sync delays video until its render time meets audio at pull time plus that delay. Audio is
     * placed there too, or every file has its audio 50 ms early (BENCHMARKS.md, A/V sync).
     */
    static final long PLAYOUT_DELAY_NANOS = 50_000_000L;
    /** The end reason of a segment, and of its session, whose file system filled up. */
    public static final String DISK_FULL = "disk-full";

    /** What the recorder reports. Calls come from its own threads; keep them short. */
    public interface Listener {
        void segmentStarted(int index, Path file, Instant startedAt, Geometry geometry);

        /**
         * @param endReason {@code segment-rotated}, the stop reason, {@link #DISK_FULL} or {@code failed: …}
         * @param endDetail what went wrong, in words, when the segment ended in a failure; else null
         */
        void segmentFinished(int index, Path file, String endReason, String endDetail, SegmentStats stats);

        void firstVideoFrame(Instant at);

        void firstAudio(Instant at);

        void inputResolution(int width, int height, Instant at);

        /**
         * The recorder ended by itself: maximum duration reached, the disk filled up ({@link #DISK_FULL}) or an
         * encoder failed. Comes once every file is finished, except at the maximum duration.
         */
        void stoppedByItself(String reason);
    }

    /** Counters of one segment, for the manifest. */
    public record SegmentStats(Geometry geometry, int frameRate, long framesIn, long framesOut, long framesDropped,
            long framesDuplicated, long audioSamples, long silenceMillis) {
    }

    /** Worker-wide recorder settings. */
    public record Settings(String ffmpeg, Path workDir, Duration videoWait, int audioToleranceMillis,
            Duration finishTimeout, int audioQueueChunks) {
    }

    private final Settings settings;
    private final FrameMemory frames;
    private final RecordingOptions options;
    private final int firstSegment;
    private final IntFunction<Path> files;
    private final Executor background;
    private final Listener listener;
    private final String logPrefix;
    private final BlockingQueue<AudioWriter.Chunk> audioQueue;
    private final AtomicBoolean pipelineStarted = new AtomicBoolean();
    private final AtomicBoolean firstVideo = new AtomicBoolean();
    private final AtomicBoolean firstAudio = new AtomicBoolean();
    private final AtomicBoolean videoWaitScheduled = new AtomicBoolean();
    private final AtomicLong audioChunksLost = new AtomicLong();
    private final Map<Integer, long[]> countersAtSegmentStart = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile RecordingClock clock;
    private volatile VideoNormalizer normalizer;
    private volatile VideoWriter videoWriter;
    private volatile AudioWriter audioWriter;
    private volatile SegmentChain chain;
    private volatile long stopAtNanos = Long.MAX_VALUE;
    private volatile String stopReason;
    private volatile boolean diskFull;
    private volatile Thread videoThread;
    private volatile Thread audioThread;
    private int lastWidth;
    private int lastHeight;

    /** @param frames the worker's memory for video frames, which this recording's frames live in */
    public Recorder(Settings settings, FrameMemory frames, RecordingOptions options, int firstSegment,
            IntFunction<Path> files, Executor background, Listener listener, String logPrefix) {
        this.settings = settings;
        this.frames = frames;
        this.options = options;
        this.firstSegment = firstSegment;
        this.files = files;
        this.background = background;
        this.listener = listener;
        this.logPrefix = logPrefix;
        this.audioQueue = new ArrayBlockingQueue<>(settings.audioQueueChunks());
    }

    // ---------------------------------------------------------------- inputs (webrtc-java threads)

    /**
     * A decoded frame. The caller keeps ownership of {@code buffer} and releases it after this returns.
     *
     * @param renderNanos when libwebrtc means the frame to be shown, on the {@link System#nanoTime} clock: it
     *                    delays video to match audio playout (its A/V sync), so placing frames by it keeps the
     *                    file in sync. A value more than a second from now is not trusted and arrival time is used.
     */
    public void onVideoFrame(VideoFrameBuffer buffer, long renderNanos) {
        if (!options.video() || stopAtNanos != Long.MAX_VALUE) {
            return;
        }
        long arrival = System.nanoTime();
        long now = Math.abs(renderNanos - arrival) < 1_000_000_000L ? renderNanos : arrival;
        RecordingClock started = startClock(now);
        if (firstVideo.compareAndSet(false, true)) {
            listener.firstVideoFrame(started.instantAt(now));
        }
        VideoNormalizer current = normalizer;
        if (current == null) {
            current = fixGeometry(Geometry.fitting(buffer.getWidth(), buffer.getHeight(), options.maxWidth(),
                    options.maxHeight()));
        }
        if (buffer.getWidth() != lastWidth || buffer.getHeight() != lastHeight) {
            lastWidth = buffer.getWidth();
            lastHeight = buffer.getHeight();
            listener.inputResolution(lastWidth, lastHeight, started.instantAt(now));
        }
        current.offer(buffer, now);
    }

    /**
     * 10 ms of decoded audio. All sessions' audio arrives on one webrtc-java thread, so this only queues; a full
     * queue loses the chunk (counted) and the writer fills the hole with silence.
     */
    public void onAudio(byte[] pcm, int bitsPerSample, int sampleRate, int channels, int frames) {
        if (!options.audio() || stopAtNanos != Long.MAX_VALUE) {
            return;
        }
        if (bitsPerSample != 16 || sampleRate != AudioClock.SAMPLE_RATE || channels < 1 || channels > 2) {
            audioChunksLost.incrementAndGet();
            return;
        }
        byte[] mono = channels == 1 ? pcm : downmix(pcm, frames);
        long now = System.nanoTime() + PLAYOUT_DELAY_NANOS;
        if (clock == null && isSilence(mono)) {
            return;
        }
        RecordingClock started = startClock(now);
        if (firstAudio.compareAndSet(false, true)) {
            listener.firstAudio(started.instantAt(now));
        }
        if (!audioQueue.offer(new AudioWriter.Chunk(now, mono))) {
            audioChunksLost.incrementAndGet();
        }
        if (normalizer == null && !pipelineStarted.get()) {
            awaitVideoThenStart();
        }
    }

    /** Media is arriving although no frame showed it yet (a publisher sending pure silence): start the clock. */
    public void mediaArrived() {
        if (stopAtNanos == Long.MAX_VALUE) {
            startClock(System.nanoTime());
            awaitVideoThenStart();
        }
    }

    private RecordingClock startClock(long now) {
        RecordingClock current = clock;
        if (current == null) {
            synchronized (this) {
                if (clock == null) {
                    // now is a render or playout time, up to a second from this moment: its instant, not this one's,
                    // is the file's time 0 that the manifest gives, and that recordings line up by.
                    clock = new RecordingClock(now, Instant.now().plusNanos(now - System.nanoTime()));
                }
                current = clock;
            }
        }
        return current;
    }

    private void awaitVideoThenStart() {
        if (!options.video()) {
            startPipeline(null);
            return;
        }
        if (videoWaitScheduled.compareAndSet(false, true)) {
            CompletableFuture.delayedExecutor(settings.videoWait().toMillis(), TimeUnit.MILLISECONDS, background).execute(() -> {
                        if (normalizer == null) {
                            log.info("{}no video within {} ms of the first audio; recording black at the default size",
                                    logPrefix, settings.videoWait().toMillis());
                            fixGeometry(Geometry.fitting(640, 360, options.maxWidth(), options.maxHeight()));
                        }
                    });
        }
    }

    private synchronized VideoNormalizer fixGeometry(Geometry geometry) {
        if (normalizer == null) {
            normalizer = new VideoNormalizer(geometry, clock.startNanos(), options.frameRate(), frames, logPrefix);
            VideoNormalizer created = normalizer;
            background.execute(() -> startPipeline(created));
        }
        return normalizer;
    }

    // ---------------------------------------------------------------- pipeline

    private void startPipeline(VideoNormalizer video) {
        if (!pipelineStarted.compareAndSet(false, true)) {
            return;
        }
        if (stopAtNanos != Long.MAX_VALUE) {
            if (video != null) {
                // No writer will take its frames: they go back now (a writer gives them back when it stops).
                video.close();
            }
            return;
        }
        Geometry geometry = video == null ? new Geometry(2, 2) : video.geometry();
        EncoderSettings encoder = new EncoderSettings(settings.ffmpeg(), options, geometry);
        long segmentNanos = options.segmentSeconds() > 0 ? options.segmentSeconds() * 1_000_000_000L : Long.MAX_VALUE;
        RecordingClock started = clock;
        chain = new SegmentChain(encoder, files, settings.workDir(), started, firstSegment, segmentNanos,
                settings.finishTimeout(), background, new ChainEvents(geometry), logPrefix);
        log.info("{}recording {} from {}", logPrefix, encoder, started.startInstant());
        if (video != null) {
            videoWriter = new VideoWriter(this, video, chain, started, options.frameRate(), firstSegment,
                    options.segmentSeconds(), options.maxDurationSeconds());
            videoThread = startThread("video", videoWriter);
        }
        if (options.audio()) {
            audioWriter = new AudioWriter(this, audioQueue, chain, new AudioClock(started.startNanos(),
                    settings.audioToleranceMillis()), firstSegment, options.segmentSeconds(),
                    options.maxDurationSeconds());
            audioThread = startThread("audio", audioWriter);
        }
    }

    private Thread startThread(String kind, Runnable body) {
        Thread thread = new Thread(body, "rec-" + kind + "-" + logPrefix.trim());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Parks the video writer until {@code writeAt}, or less once the recording has stopped (no frame comes any
     * more); false once the recording has stopped before the tick {@code due}.
     */
    boolean awaitTick(long due, long writeAt) {
        while (true) {
            long stopAt = stopAtNanos;
            if (due > stopAt) {
                return false;
            }
            long wait = (stopAt == Long.MAX_VALUE ? writeAt : Math.min(writeAt, stopAt)) - System.nanoTime();
            if (wait <= 0) {
                return true;
            }
            LockSupport.parkNanos(this, wait);
        }
    }

    long stopAtNanos() {
        return stopAtNanos;
    }

    /**
     * FFmpeg stopped taking input: it failed, and only its own last words say why. So the session hears the reason
     * once every file is finished and FFmpeg has said them: a full disk, or the failure as it was seen here.
     */
    void writerFailed(String input, IOException e) {
        // An input closed under its writer was closed because FFmpeg exited; the exception itself says nothing.
        String why = e instanceof ClosedChannelException ? "it exited" : e.getMessage();
        String reason = "failed: ffmpeg stopped taking " + input + " (" + why + ")";
        if (startStopping(reason)) {
            log.warn("{}writing {} to ffmpeg failed: {}; stopping", logPrefix, input, why);
            done.thenRun(() -> background.execute(() -> listener.stoppedByItself(diskFull ? DISK_FULL : reason)));
        }
    }

    void stopByItself(String reason) {
        if (startStopping(reason)) {
            background.execute(() -> listener.stoppedByItself(reason));
        }
    }

    // ---------------------------------------------------------------- stopping

    /**
     * Stops recording: the writers write everything due up to now, then every segment file is finished. The
     * future completes when the last file is final (or at once if nothing was recorded).
     */
    public CompletableFuture<Void> stop(String reason) {
        startStopping(reason);
        return done;
    }

    /** Stops recording for {@code reason}; false if it was already stopping for another. */
    private boolean startStopping(String reason) {
        synchronized (this) {
            if (stopAtNanos != Long.MAX_VALUE) {
                return false;
            }
            stopReason = reason;
            stopAtNanos = System.nanoTime();
        }
        wake(videoThread);
        wake(audioThread);
        SegmentChain current = chain;
        if (current == null) {
            done.complete(null);
        } else {
            current.allFinished().whenComplete((ok, error) -> done.complete(null));
        }
        return true;
    }

    /** Stops every FFmpeg child now, without waiting for the writers. */
    public void kill() {
        stop("killed");
        SegmentChain current = chain;
        if (current != null) {
            current.killAll();
        }
    }

    private static void wake(Thread thread) {
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    // ---------------------------------------------------------------- stats

    public long framesIn() {
        VideoNormalizer v = normalizer;
        return v == null ? 0 : v.framesIn();
    }

    public long framesOut() {
        VideoNormalizer v = normalizer;
        return v == null ? 0 : v.framesOut();
    }

    public long framesDropped() {
        VideoNormalizer v = normalizer;
        return v == null ? 0 : v.framesDropped();
    }

    public long audioChunksLost() {
        return audioChunksLost.get();
    }

    public long encoderLagMillis() {
        VideoWriter v = videoWriter;
        return v == null ? 0 : v.lagMillis();
    }

    /** How much media the files hold so far, in seconds: the longer of the video and the audio written. */
    public double mediaSeconds() {
        VideoNormalizer v = normalizer;
        AudioWriter a = audioWriter;
        double video = v == null ? 0 : v.framesOut() / (double) options.frameRate();
        double audio = a == null ? 0 : a.samplesWritten() / (double) AudioClock.SAMPLE_RATE;
        return Math.max(video, audio);
    }

    public boolean isRecording() {
        return chain != null && stopAtNanos == Long.MAX_VALUE;
    }

    private long[] counters() {
        VideoNormalizer v = normalizer;
        AudioWriter a = audioWriter;
        return new long[] {
            v == null ? 0 : v.framesIn(), v == null ? 0 : v.framesOut(), v == null ? 0 : v.framesDropped(),
            v == null ? 0 : v.framesDuplicated(), a == null ? 0 : a.samplesWritten(), a == null ? 0 : a.silenceMillis()
        };
    }

    /** Reports segment starts and ends, with counters per segment and the right end reason. */
    private final class ChainEvents implements SegmentChain.Events {
        private final Geometry geometry;

        ChainEvents(Geometry geometry) {
            this.geometry = geometry;
        }

        @Override
        public void started(int index, Path file, Instant startedAt) {
            countersAtSegmentStart.put(index, counters());
            listener.segmentStarted(index, file, startedAt, geometry);
        }

        @Override
        public void finished(int index, Path file, boolean last, String failure, boolean noSpaceLeft) {
            long[] start = countersAtSegmentStart.getOrDefault(index, new long[6]);
            long[] end = countersAtSegmentStart.getOrDefault(index + 1, counters());
            SegmentStats stats = new SegmentStats(geometry, options.frameRate(), end[0] - start[0], end[1] - start[1],
                    end[2] - start[2], end[3] - start[3], end[4] - start[4], end[5] - start[5]);
            if (noSpaceLeft) {
                diskFull = true;
                String detail = failure + "; " + cutUnfinishedCluster(file) + "; " + freeSpace(file);
                log.error("{}disk full: {} ends here ({})", logPrefix, file.getFileName(), detail);
                listener.segmentFinished(index, file, DISK_FULL, detail, stats);
                return;
            }
            String reason = failure != null ? "failed: " + failure : last ? stopReason : "segment-rotated";
            listener.segmentFinished(index, file, reason == null ? "closed" : reason, failure, stats);
        }
    }

    private String cutUnfinishedCluster(Path file) {
        try {
            long cut = MatroskaTail.cutUnfinishedElement(file);
            return cut == 0 ? "the file ends on a whole cluster" : "cut the unfinished last cluster (" + cut + " bytes)";
        } catch (IOException e) {
            log.warn("{}could not cut {} back to its last whole cluster: {}", logPrefix, file.getFileName(), e.getMessage());
            return "the file may end in an unfinished cluster";
        }
    }

    private static String freeSpace(Path file) {
        try {
            FileStore store = Files.getFileStore(file.getParent());
            return store.getUsableSpace() / 1024 + " KiB free on " + store;
        } catch (IOException e) {
            return "free space unknown: " + e.getMessage();
        }
    }

    private static boolean isSilence(byte[] pcm) {
        for (byte b : pcm) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] downmix(byte[] stereo, int frames) {
        byte[] mono = new byte[frames * 2];
        for (int i = 0; i < frames; i++) {
            int left = (short) ((stereo[4 * i] & 0xff) | (stereo[4 * i + 1] << 8));
            int right = (short) ((stereo[4 * i + 2] & 0xff) | (stereo[4 * i + 3] << 8));
            int mixed = (left + right) / 2;
            mono[2 * i] = (byte) mixed;
            mono[2 * i + 1] = (byte) (mixed >> 8);
        }
        return mono;
    }
}
