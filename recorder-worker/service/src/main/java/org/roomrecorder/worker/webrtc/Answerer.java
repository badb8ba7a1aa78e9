package org.roomrecorder.worker.webrtc;

import dev.onvoid.webrtc.CreateSessionDescriptionObserver;
import dev.onvoid.webrtc.PeerConnectionObserver;
import dev.onvoid.webrtc.RTCAnswerOptions;
import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCIceCandidate;
import dev.onvoid.webrtc.RTCIceGatheringState;
import dev.onvoid.webrtc.RTCPeerConnection;
import dev.onvoid.webrtc.RTCPeerConnectionState;
import dev.onvoid.webrtc.RTCRtpTransceiver;
import dev.onvoid.webrtc.RTCSdpType;
import dev.onvoid.webrtc.RTCSessionDescription;
import dev.onvoid.webrtc.RTCStatsReport;
import dev.onvoid.webrtc.SetSessionDescriptionObserver;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.roomrecorder.protocol.Text;

/**
 * One session's receive-only peer connection. It answers each offer (the first and every renegotiation, one at
 * a time), applies remote candidates once there is a remote description to apply them to, and reports local
 * candidates, tracks and state changes. Every webrtc-java callback only hands off to the session's executor, so
 * none blocks webrtc-java's signaling thread and none can throw into it.
 */
public final class Answerer {
    /** What the peer connection reports, on the session's executor. */
    public interface Events {
        void localCandidate(String candidate, String sdpMid, int sdpMLineIndex);

        void endOfCandidates();

        void connectionState(RTCPeerConnectionState state);

        void track(MediaStreamTrack track);

        void dataChannel(RTCDataChannel channel);

        /** Negotiation failed: the offer could not be applied or answered. */
        void failed(String reason);
    }

    private final RTCPeerConnection connection;
    private final Executor session;
    private final Events events;
    private final String logPrefix;
    private final List<RTCIceCandidate> earlyCandidates = new ArrayList<>();
    private boolean hasRemoteDescription;
    private boolean negotiating;
    private String pendingOffer;
    private Consumer<String> pendingReply;
    private Consumer<String> reply;
    private boolean closed;

    /** @param session runs tasks of this session one at a time, in order */
    public Answerer(WebRtcEngine engine, Executor session, Events events, String logPrefix) {
        this.session = session;
        this.events = events;
        this.logPrefix = logPrefix;
        this.connection = engine.createPeerConnection(new Observer());
    }

    /**
     * Answers {@code sdp} and hands the answer to {@code reply}, which sends it back the way the offer came. An
     * offer that comes while one is being answered waits for it, replacing any other waiting offer. Session
     * executor only.
     */
    public void offer(String sdp, Consumer<String> reply) {
        if (closed) {
            return;
        }
        if (negotiating) {
            pendingOffer = sdp;
            pendingReply = reply;
            return;
        }
        negotiating = true;
        this.reply = reply;
        connection.setRemoteDescription(new RTCSessionDescription(RTCSdpType.OFFER, sdp),
                new Step("apply the offer", this::remoteDescriptionSet));
    }

    private void remoteDescriptionSet() {
        hasRemoteDescription = true;
        earlyCandidates.forEach(connection::addIceCandidate);
        earlyCandidates.clear();
        connection.createAnswer(new RTCAnswerOptions(), new CreateSessionDescriptionObserver() {
            @Override
            public void onSuccess(RTCSessionDescription answer) {
                handOff("answer created", () -> connection.setLocalDescription(answer,
                        new Step("apply the answer", () -> answered(answer.sdp))));
            }

            @Override
            public void onFailure(String error) {
                handOff("answer failed", () -> negotiationFailed("create the answer", error));
            }
        });
    }

    private void answered(String sdp) {
        negotiating = false;
        reply.accept(sdp);
        if (pendingOffer != null) {
            String next = pendingOffer;
            pendingOffer = null;
            offer(next, pendingReply);
        }
    }

    private void negotiationFailed(String step, String error) {
        negotiating = false;
        pendingOffer = null;
        events.failed("could not " + step + ": " + Text.printable(error));
    }

    /** A remote candidate; kept until the offer is applied if it comes first. Session executor only. */
    public void addCandidate(String candidate, String sdpMid, Integer sdpMLineIndex) {
        if (closed) {
            return;
        }
        RTCIceCandidate ice = new RTCIceCandidate(sdpMid == null ? "" : sdpMid,
                sdpMLineIndex == null ? 0 : sdpMLineIndex, candidate);
        if (hasRemoteDescription) {
            connection.addIceCandidate(ice);
        } else {
            earlyCandidates.add(ice);
        }
    }

    /** Statistics of the connection, delivered on the session executor. */
    public void stats(Consumer<RTCStatsReport> consumer) {
        if (!closed) {
            connection.getStats(report -> handOff("stats", () -> consumer.accept(report)));
        }
    }

    /** Closes the connection; the caller detached its sinks first. Session executor only. */
    public void close() {
        if (!closed) {
            closed = true;
            WebRtc.quietly("close the peer connection", connection::close);
        }
    }

    private void handOff(String what, Runnable task) {
        WebRtc.guarded(logPrefix, what, () -> session.execute(() -> WebRtc.guarded(logPrefix, what, () -> {
            if (!closed) {
                task.run();
            }
        })));
    }

    /** One step of the offer/answer chain: continue on the session executor, or fail the negotiation. */
    private final class Step implements SetSessionDescriptionObserver {
        private final String what;
        private final Runnable next;

        Step(String what, Runnable next) {
            this.what = what;
            this.next = next;
        }

        @Override
        public void onSuccess() {
            handOff(what, next);
        }

        @Override
        public void onFailure(String error) {
            handOff(what, () -> negotiationFailed(what, error));
        }
    }

    private final class Observer implements PeerConnectionObserver {
        @Override
        public void onIceCandidate(RTCIceCandidate candidate) {
            handOff("local candidate", () -> events.localCandidate(candidate.sdp, candidate.sdpMid,
                    candidate.sdpMLineIndex));
        }

        @Override
        public void onIceGatheringChange(RTCIceGatheringState state) {
            if (state == RTCIceGatheringState.COMPLETE) {
                handOff("end of candidates", events::endOfCandidates);
            }
        }

        @Override
        public void onConnectionChange(RTCPeerConnectionState state) {
            handOff("connection state", () -> events.connectionState(state));
        }

        @Override
        public void onTrack(RTCRtpTransceiver transceiver) {
            WebRtc.guarded(logPrefix, "track", () -> {
                MediaStreamTrack track = transceiver.getReceiver().getTrack();
                handOff("track", () -> events.track(track));
            });
        }

        @Override
        public void onDataChannel(RTCDataChannel channel) {
            handOff("data channel", () -> events.dataChannel(channel));
        }
    }
}
