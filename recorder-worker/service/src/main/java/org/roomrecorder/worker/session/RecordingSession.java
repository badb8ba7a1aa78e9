package org.roomrecorder.worker.session;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCStats;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.RTCStatsType;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.roomrecorder.protocol.Answer;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.Closed;
import org.roomrecorder.protocol.EndOfCandidates;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.Message;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.Opened;
import org.roomrecorder.protocol.StateEvent;
import org.roomrecorder.protocol.Stats;
import org.roomrecorder.worker.media.Geometry;
import org.roomrecorder.worker.media.MediaEngine;
import org.roomrecorder.worker.media.Recorder;
import org.roomrecorder.worker.webrtc.Answerer;
import org.roomrecorder.worker.webrtc.PublisherChannel;
import org.roomrecorder.worker.webrtc.WebRtcEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One recording session: a receive-only peer connection to the host and the recording of what it receives.
 * Every method runs on the session's own serial executor; the session ends exactly once, with a {@code closed}
 * message listing its files, whether the plugin asked, negotiation failed, ICE never connected, the maximum
 * duration passed or the worker shuts down.
 */
final class RecordingSession {
    private static final Logger log = LoggerFactory.getLogger(RecordingSession.class);

    enum State { NEGOTIATING, CONNECTED, CLOSING, CLOSED }

    private final Open open;
    private final SerialExecutor executor;
    private final SessionConfig config;
    private final ScheduledExecutorService timers;
    private final Consumer<Message> outbox;
    private final Consumer<RecordingSession> onClosed;
    private final String logPrefix;
    private final SessionManifest manifest;
    private final Answerer answerer;
    private final MediaEngine.SessionMedia media;
    private final List<PublisherChannel> channels = new ArrayList<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private State state = State.NEGOTIATING;
    private ScheduledFuture<?> connectTimer;
    private long bytesReceived = -1;
    private long lastBytesNanos = System.nanoTime();
    private boolean flowing = true;

    RecordingSession(Open open, SerialExecutor executor, SessionConfig config, ScheduledExecutorService timers,
            WebRtcEngine webrtc, MediaEngine engine, SessionManifest manifest, SessionFiles files,
            Consumer<Message> outbox, Consumer<RecordingSession> onClosed, String logPrefix) {
        this.open = open;
        this.executor = executor;
        this.config = config;
        this.timers = timers;
        this.outbox = outbox;
        this.onClosed = onClosed;
        this.logPrefix = logPrefix;
        this.manifest = manifest;
        this.media = engine.open(open.options(), open.firstSegment(), files::reserve, new RecorderEvents(), logPrefix);
        this.answerer = new Answerer(webrtc, executor, new PeerEvents(), logPrefix);
        log.info("{}opened (generation {}, {})", logPrefix, open.generation(), open.options().container().wireName());
        outbox.accept(new Opened(open.session(), open.generation()));
    }

    String id() {
        return open.session();
    }

    SerialExecutor executor() {
        return executor;
    }

    CompletableFuture<Void> closedFuture() {
        return closed;
    }

    long[] videoCounters() {
        Recorder recorder = media.recorder();
        return new long[] {recorder.framesIn(), recorder.framesOut(), recorder.framesDropped()};
    }

    long encoderLagMillis() {
        return media.recorder().encoderLagMillis();
    }

    boolean isRecording() {
        return media.recorder().isRecording();
    }

    void offer(String sdp) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return;
        }
        if (connectTimer == null) {
            connectTimer = timers.schedule(() -> executor.execute(this::connectTimedOut),
                    config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        answerer.offer(sdp, answer -> outbox.accept(new Answer(open.session(), answer)));
    }

    void candidate(String candidate, String sdpMid, Integer sdpMLineIndex) {
        answerer.addCandidate(candidate, sdpMid, sdpMLineIndex);
    }

    /** Checks media flow and reports counters; called every stats interval. */
    void tick() {
        if (state != State.CONNECTED) {
            return;
        }
        answerer.stats(this::statsArrived);
        Recorder recorder = media.recorder();
        outbox.accept(new Stats(open.session(), recorder.framesIn(), recorder.framesOut(), recorder.framesDropped(),
                0, bytesWritten(), recorder.encoderLagMillis()));
    }

    private long bytesWritten() {
        return manifest.recordedFiles().stream().mapToLong(f -> f.bytes()).sum();
    }

    private void statsArrived(RTCStatsReport report) {
        long bytes = 0;
        String videoCodec = null;
        String audioCodec = null;
        for (RTCStats stats : report.getStats().values()) {
            if (stats.getType() != RTCStatsType.INBOUND_RTP) {
                continue;
            }
            Object received = stats.getAttributes().get("bytesReceived");
            bytes += received instanceof Number n ? n.longValue() : 0;
            RTCStats codec = report.getStats().get(String.valueOf(stats.getAttributes().get("codecId")));
            if (codec != null) {
                String mime = String.valueOf(codec.getAttributes().get("mimeType"));
                if (mime.startsWith("video/")) {
                    videoCodec = mime.substring(6);
                } else if (mime.startsWith("audio/")) {
                    audioCodec = mime.substring(6);
                }
            }
        }
        manifest.codecsIn(videoCodec, audioCodec);
        long now = System.nanoTime();
        if (bytes > bytesReceived) {
            bytesReceived = bytes;
            lastBytesNanos = now;
            media.mediaArrived();
            if (!flowing) {
                flowing = true;
                state(StateEvent.State.MEDIA_FLOWING, null);
            }
        } else if (flowing && now - lastBytesNanos > config.mediaTimeout().toNanos()) {
            flowing = false;
            state(StateEvent.State.MEDIA_NOT_FLOWING, "no packets for " + config.mediaTimeout().toSeconds() + " s");
        }
    }

    private void connectTimedOut() {
        if (state == State.NEGOTIATING) {
            state(StateEvent.State.CONNECT_TIMEOUT, "ICE did not connect within " + config.connectTimeout().toSeconds() + " s");
            close("connect-timeout");
        }
    }

    /** Ends the session: stops the recording, finishes its files, then closes the connection. */
    CompletableFuture<Void> close(String reason) {
        if (state == State.CLOSING || state == State.CLOSED) {
            return closed;
        }
        state = State.CLOSING;
        if (connectTimer != null) {
            connectTimer.cancel(false);
        }
        log.info("{}closing: {}", logPrefix, reason);
        media.stop(reason).whenComplete((ok, error) -> executor.execute(() -> closed(reason)));
        return closed;
    }

    private void closed(String reason) {
        channels.forEach(PublisherChannel::close);
        answerer.close();
        state = State.CLOSED;
        outbox.accept(new Closed(open.session(), reason, manifest.recordedFiles()));
        log.info("{}closed: {}", logPrefix, reason);
        onClosed.accept(this);
        closed.complete(null);
    }

    /** Stops the recording at once, for a worker that must exit now. */
    void kill() {
        media.kill();
    }

    private void state(StateEvent.State value, String detail) {
        outbox.accept(new StateEvent(open.session(), value, detail, Instant.now()));
    }

    private final class PeerEvents implements Answerer.Events {
        @Override
        public void localCandidate(String candidate, String sdpMid, int sdpMLineIndex) {
            outbox.accept(new Candidate(open.session(), candidate, sdpMid, sdpMLineIndex));
        }

        @Override
        public void endOfCandidates() {
            outbox.accept(new EndOfCandidates(open.session()));
        }

        @Override
        public void connectionState(RTCPeerConnectionState connection) {
            if (state == State.CLOSING || state == State.CLOSED) {
                return;
            }
            switch (connection) {
                case CONNECTED -> {
                    if (state == State.NEGOTIATING) {
                        log.info("{}ICE connected", logPrefix);
                        state = State.CONNECTED;
                        if (connectTimer != null) {
                            connectTimer.cancel(false);
                        }
                        state(StateEvent.State.ICE_CONNECTED, null);
                        channels.forEach(PublisherChannel::iceConnected);
                    }
                }
                case DISCONNECTED -> state(StateEvent.State.ICE_DISCONNECTED, null);
                case FAILED -> {
                    state(StateEvent.State.ICE_FAILED, null);
                    close("ice-failed");
                }
                default -> {
                }
            }
        }

        @Override
        public void track(MediaStreamTrack track) {
            media.attach(track);
        }

        @Override
        public void dataChannel(RTCDataChannel channel) {
            channels.add(new PublisherChannel(channel, executor, new ChannelSignaling(), logPrefix));
        }

        @Override
        public void failed(String reason) {
            log.warn("{}negotiation failed: {}", logPrefix, reason);
            outbox.accept(ErrorMessage.of(open.session(), ErrorCode.SESSION_FAILED, reason));
            close("failed: " + reason);
        }
    }

    /**
     * A publisher renegotiating over its data channel, as VDO.Ninja publishers do once connected: the offer is
     * answered like one from the plugin, but the answer goes back over the channel.
     */
    private final class ChannelSignaling implements PublisherChannel.Signaling {
        @Override
        public void offer(String sdp, Consumer<String> reply) {
            if (state == State.CONNECTED) {
                answerer.offer(sdp, reply);
            }
        }

        @Override
        public void candidate(String candidate, String sdpMid, Integer sdpMLineIndex) {
            answerer.addCandidate(candidate, sdpMid, sdpMLineIndex);
        }
    }

    /** The recorder's reports, moved onto the session executor. */
    private final class RecorderEvents implements Recorder.Listener {
        @Override
        public void segmentStarted(int index, Path file, Instant startedAt, Geometry geometry) {
            executor.execute(() -> {
                log.info("{}segment {} started: {}", logPrefix, index, file.getFileName());
                manifest.segmentStarted(index, file, startedAt, geometry);
            });
        }

        @Override
        public void segmentFinished(int index, Path file, String endReason, Recorder.SegmentStats stats) {
            Instant endedAt = Instant.now();
            executor.execute(() -> {
                log.info("{}segment {} finished ({}): {}", logPrefix, index, endReason, file.getFileName());
                manifest.segmentFinished(index, endedAt, endReason, stats);
            });
        }

        @Override
        public void firstVideoFrame(Instant at) {
            executor.execute(() -> {
                manifest.firstVideo(at);
                state(StateEvent.State.FIRST_VIDEO_FRAME, null);
            });
        }

        @Override
        public void firstAudio(Instant at) {
            executor.execute(() -> {
                manifest.firstAudio(at);
                state(StateEvent.State.FIRST_AUDIO_FRAME, null);
            });
        }

        @Override
        public void inputResolution(int width, int height, Instant at) {
            executor.execute(() -> manifest.inputResolution(width, height, at));
        }

        @Override
        public void stoppedByItself(String reason) {
            executor.execute(() -> close(reason));
        }
    }
}
