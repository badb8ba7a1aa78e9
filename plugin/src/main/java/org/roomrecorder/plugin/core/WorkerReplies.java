package org.roomrecorder.plugin.core;

import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.spi.IceCandidate;
import org.roomrecorder.plugin.spi.Subscription;
import org.roomrecorder.protocol.Answer;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.Closed;
import org.roomrecorder.protocol.EndOfCandidates;
import org.roomrecorder.protocol.Opened;
import org.roomrecorder.protocol.StateEvent;
import org.roomrecorder.protocol.Stats;
import org.roomrecorder.protocol.Text;
import org.roomrecorder.protocol.ToPlugin;

/** One handler method per worker message of a session; runs on the endpoint's executor. */
final class WorkerReplies implements ToPlugin.Handler {
    private final RecordingSession session;
    private final Logger log;

    WorkerReplies(RecordingSession session, Logger log) {
        this.session = session;
        this.log = log;
    }

    @Override
    public void opened(Opened m) {
        session.opened(m.generation());
    }

    @Override
    public void answer(Answer m) {
        session.toHost("answer", subscription -> subscription.answer(m.sdp()));
    }

    @Override
    public void candidate(Candidate m) {
        IceCandidate candidate = new IceCandidate(m.candidate(), m.sdpMid(), m.sdpMLineIndex());
        session.toHost("candidate", subscription -> subscription.candidate(candidate));
    }

    @Override
    public void endOfCandidates(EndOfCandidates m) {
        session.toHost("end-of-candidates", Subscription::endOfCandidates);
    }

    @Override
    public void state(StateEvent m) {
        log.info(() -> "worker reports " + m.state().wireName()
                + (m.detail() == null ? "" : ": " + Text.printable(m.detail())));
    }

    @Override
    public void stats(Stats m) {
        log.debug(() -> "stats: video " + m.videoFramesIn() + " in, " + m.videoFramesOut() + " out, "
                + m.videoFramesDropped() + " dropped; audio " + m.audioFramesIn() + " in; " + m.bytesWritten()
                + " bytes written; encoder lag " + m.encoderLagMillis() + " ms");
    }

    @Override
    public void closed(Closed m) {
        session.closedByWorker(m.reason(), m.files().size());
    }
}
