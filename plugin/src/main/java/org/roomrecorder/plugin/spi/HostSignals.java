package org.roomrecorder.plugin.spi;

/**
 * Subscription signaling, host to core, addressed by {@link HostKey}. Calls may come from any thread and return
 * quickly; a key the core does not know is dropped with a log line and counted.
 */
public interface HostSignals {
    /**
     * Registers {@code key} as an address of the subscription of recording session {@code session}. The host calls
     * it before it asks the server for the stream. Returns false if that session is already over; the host then
     * abandons the subscription.
     */
    boolean bind(HostKey key, String session);

    /** An SDP offer from the server: the first one, or a renegotiation. */
    void offer(HostKey key, String sdp);

    void candidate(HostKey key, IceCandidate candidate);

    void endOfCandidates(HostKey key);

    /** The server ended the subscription on its own (hang-up, refusal, error); the core ends the recording. */
    void subscriptionEnded(HostKey key, String reason);

    /**
     * The server went away (it restarted, the connection to it broke) and took the subscription with it. The core
     * ends the session; if the endpoint publishes again within {@code routing.resume-window}, its recording continues
     * in the same generation from the next segment, and the manifest shows the gap. Use
     * {@link #subscriptionEnded} for every other end.
     */
    void subscriptionLost(HostKey key, String reason);
}
