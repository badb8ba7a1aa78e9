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

    /** The server ended the subscription on its own (hang-up, error, restart). */
    void subscriptionEnded(HostKey key, String reason);
}
