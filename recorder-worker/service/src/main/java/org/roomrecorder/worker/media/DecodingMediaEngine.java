package org.roomrecorder.worker.media;

import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;
import org.roomrecorder.protocol.RecordingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records from webrtc-java's decoded output (all 0.14.0 offers): I420 frames and 16-bit PCM into a
 * {@link Recorder}, which re-encodes. The sinks run on webrtc-java's threads; they copy or queue, release the
 * native frame, and catch everything, because an exception there aborts the JVM.
 */
public final class DecodingMediaEngine implements MediaEngine {
    private static final Logger log = LoggerFactory.getLogger(DecodingMediaEngine.class);

    private final Recorder.Settings settings;
    private final FrameMemory frames;
    private final Executor background;
    private final SegmentFailures failures;

    public DecodingMediaEngine(Recorder.Settings settings, FrameMemory frames, Executor background,
            SegmentFailures failures) {
        this.settings = settings;
        this.frames = frames;
        this.background = background;
        this.failures = failures;
    }

    @Override
    public SessionMedia open(RecordingOptions options, int firstSegment, IntFunction<Path> files,
            Recorder.Listener listener, String logPrefix) {
        return new Decoding(new Recorder(settings, frames, options, firstSegment, files, background,
                new Counting(listener, failures), logPrefix), logPrefix);
    }

    /** Counts failed segments on their way to the session. */
    private record Counting(Recorder.Listener session, SegmentFailures failures) implements Recorder.Listener {
        @Override
        public void segmentStarted(int index, Path file, Instant startedAt, Geometry geometry) {
            session.segmentStarted(index, file, startedAt, geometry);
        }

        @Override
        public void segmentFinished(int index, Path file, String endReason, String endDetail,
                Recorder.SegmentStats stats) {
            failures.segmentEnded(endReason);
            session.segmentFinished(index, file, endReason, endDetail, stats);
        }

        @Override
        public void firstVideoFrame(Instant at) {
            session.firstVideoFrame(at);
        }

        @Override
        public void firstAudio(Instant at) {
            session.firstAudio(at);
        }

        @Override
        public void inputResolution(int width, int height, Instant at) {
            session.inputResolution(width, height, at);
        }

        @Override
        public void stoppedByItself(String reason) {
            session.stoppedByItself(reason);
        }
    }

    private static final class Decoding implements SessionMedia {
        private final Recorder recorder;
        private final String logPrefix;
        private final List<Runnable> detach = new CopyOnWriteArrayList<>();

        Decoding(Recorder recorder, String logPrefix) {
            this.recorder = recorder;
            this.logPrefix = logPrefix;
        }

        @Override
        public void attach(MediaStreamTrack track) {
            if (track instanceof VideoTrack video) {
                VideoTrackSink sink = frame -> {
                    try {
                        recorder.onVideoFrame(frame.buffer, frame.timestampNs);
                    } catch (Throwable t) {
                        log.error("{}video frame dropped", logPrefix, t);
                    } finally {
                        frame.release();
                    }
                };
                video.addSink(sink);
                detach.add(() -> video.removeSink(sink));
            } else if (track instanceof AudioTrack audio) {
                AudioTrackSink sink = (pcm, bits, rate, channels, frames) -> {
                    try {
                        recorder.onAudio(pcm, bits, rate, channels, frames);
                    } catch (Throwable t) {
                        log.error("{}audio chunk dropped", logPrefix, t);
                    }
                };
                audio.addSink(sink);
                detach.add(() -> audio.removeSink(sink));
            }
        }

        @Override
        public void mediaArrived() {
            recorder.mediaArrived();
        }

        @Override
        public CompletableFuture<Void> stop(String reason) {
            detachAll();
            return recorder.stop(reason);
        }

        @Override
        public void kill() {
            detachAll();
            recorder.kill();
        }

        @Override
        public Recorder recorder() {
            return recorder;
        }

        private void detachAll() {
            for (Runnable step : detach) {
                try {
                    step.run();
                } catch (Throwable t) {
                    log.debug("{}detaching a sink: {}", logPrefix, t.toString());
                }
            }
            detach.clear();
        }
    }
}
