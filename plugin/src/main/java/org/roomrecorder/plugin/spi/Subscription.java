package org.roomrecorder.plugin.spi;

/** One subscription, core to host: the worker's answer and candidates go back to the server through it. */
public interface Subscription {
    void answer(String sdp);

    void candidate(IceCandidate candidate);

    void endOfCandidates();

    /** Unsubscribes. Idempotent; the host's keys for it stop being routed. */
    void close();
}
