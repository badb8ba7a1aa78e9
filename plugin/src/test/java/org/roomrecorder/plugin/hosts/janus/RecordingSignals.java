package org.roomrecorder.plugin.hosts.janus;

import java.util.List;
import org.roomrecorder.plugin.spi.HostKey;
import org.roomrecorder.plugin.spi.HostSignals;
import org.roomrecorder.plugin.spi.IceCandidate;

/** The core's side of subscription signaling, written into the same journal as the fake Janus's requests. */
final class RecordingSignals implements HostSignals {
    private final List<String> journal;
    private volatile boolean refuseBinds;

    RecordingSignals(List<String> journal) {
        this.journal = journal;
    }

    /** Answers every later bind as if the session were already over. */
    void refuseBinds() {
        refuseBinds = true;
    }

    @Override
    public boolean bind(HostKey key, String session) {
        journal.add("bind " + key + " to " + session);
        return !refuseBinds;
    }

    @Override
    public void offer(HostKey key, String sdp) {
        journal.add("offer " + key + " " + sdp);
    }

    @Override
    public void candidate(HostKey key, IceCandidate candidate) {
        journal.add("candidate " + key + " " + candidate.candidate() + " " + candidate.sdpMid() + " "
                + candidate.sdpMLineIndex());
    }

    @Override
    public void endOfCandidates(HostKey key) {
        journal.add("end-of-candidates " + key);
    }

    @Override
    public void subscriptionEnded(HostKey key, String reason) {
        journal.add("ended " + key + " " + reason);
    }

    @Override
    public void subscriptionLost(HostKey key, String reason) {
        journal.add("lost " + key + " " + reason);
    }
}
