package org.roomrecorder.plugin.spi;

/** A running connection to one media server. */
public interface ConferenceHost extends AutoCloseable {
    /**
     * Connects and starts reporting room events to {@code listener} and subscription signaling to {@code signals}.
     * Endpoints already in a room when the host starts are reported as if they had just joined.
     */
    void start(ConferenceListener listener, HostSignals signals) throws Exception;

    /**
     * Subscribes to an endpoint's sources (the "play" request). Binds the subscription's keys with
     * {@link HostSignals#bind} before the server is asked for the stream; then the server's offer follows through
     * {@link HostSignals#offer}. Returns at once; failures arrive as {@link HostSignals#subscriptionEnded}, the loss of
     * the server as {@link HostSignals#subscriptionLost}.
     */
    Subscription subscribe(SubscribeRequest request);

    /** Ends every subscription and disconnects. */
    @Override
    void close();
}
