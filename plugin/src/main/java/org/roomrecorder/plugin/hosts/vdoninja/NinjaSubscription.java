package org.roomrecorder.plugin.hosts.vdoninja;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.logging.LogContexts;
import org.roomrecorder.plugin.spi.HostKey;
import org.roomrecorder.plugin.spi.IceCandidate;
import org.roomrecorder.plugin.spi.SubscribeRequest;
import org.roomrecorder.plugin.spi.Subscription;

/**
 * One recording's view of one publisher connection. It is addressed by two host keys: {@code vdoninja-uuid:<UUID>},
 * bound before {@code play} is sent, and {@code vdoninja-peer:<UUID>/<session>}, bound when the publisher's first
 * message names its session token. The publisher's offers and candidates go to the core under the second; the
 * worker's answer and candidates go back echoing that session. Its state lives on the adapter's thread; the core's
 * calls are handed over to it.
 */
final class NinjaSubscription implements Subscription {
    static final String UUID_KEY = "vdoninja-uuid";
    static final String PEER_KEY = "vdoninja-peer";

    final SubscribeRequest request;
    final HostKey uuidKey;
    final Logger log;
    private final Executor executor;
    private final NinjaSignaling signaling;
    private final AtomicBoolean ended = new AtomicBoolean();
    /** The publisher's session token, once its first message named it; adapter thread only. */
    private String session;
    private HostKey peerKey;

    NinjaSubscription(SubscribeRequest request, Executor executor, NinjaSignaling signaling, Logger parent) {
        this.request = request;
        this.executor = executor;
        this.signaling = signaling;
        this.uuidKey = new HostKey(UUID_KEY, uuid());
        this.log = parent.createChildLogger(NinjaSubscription.class.getName(), LogContexts.of(
                LogContexts.CONF_ID, request.conference().value(), LogContexts.EP_ID, request.endpoint().value(),
                LogContexts.SESSION_ID, request.session()));
    }

    static HostKey peerKey(String uuid, String session) {
        return new HostKey(PEER_KEY, uuid + "/" + session);
    }

    String uuid() {
        return request.endpoint().value();
    }

    String session() {
        return session;
    }

    /** The key signals go under: the session's once known, else the UUID's. */
    HostKey key() {
        return peerKey != null ? peerKey : uuidKey;
    }

    /** Takes the publisher's session token, its key already bound. Adapter thread. */
    void adopt(String token, HostKey key) {
        session = token;
        peerKey = key;
    }

    boolean isEnded() {
        return ended.get();
    }

    /** Marks the subscription over; true the first time. */
    boolean end() {
        return ended.compareAndSet(false, true);
    }

    // ---------------------------------------------------------------- core → publisher

    @Override
    public void answer(String sdp) {
        executor.execute(() -> signaling.answer(this, sdp));
    }

    @Override
    public void candidate(IceCandidate candidate) {
        executor.execute(() -> signaling.localCandidate(this, candidate));
    }

    /** VDO.Ninja has no end-of-candidates message; the publisher does without it. */
    @Override
    public void endOfCandidates() {
    }

    /** The core unsubscribes. VDO.Ninja has no signaling message to hang up one viewer; the worker's peer
     * connection closing is what the publisher sees. */
    @Override
    public void close() {
        if (end()) {
            executor.execute(() -> signaling.closed(this));
        }
    }
}
