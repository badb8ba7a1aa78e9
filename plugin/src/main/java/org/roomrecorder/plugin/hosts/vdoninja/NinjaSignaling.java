package org.roomrecorder.plugin.hosts.vdoninja;

import java.util.List;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.spi.HostKey;
import org.roomrecorder.plugin.spi.HostSignals;
import org.roomrecorder.plugin.spi.IceCandidate;

/**
 * Subscriptions and their signaling, routed by direct lookup: a publisher's message is found by its sender's UUID
 * and its {@code session} token, never matched to "the first subscription without one". The order is the point:
 * a subscription binds {@code vdoninja-uuid:<UUID>} before {@code play} goes out, and {@code
 * vdoninja-peer:<UUID>/<session>} before the first offer or candidate of that session is handed to the core.
 *
 * <p>A session token the peer never used before, arriving while its recording already has one, is a new connection
 * from the publisher; the original dropped such re-offers. Here the offer is held, the endpoint is reported gone and
 * back ({@link NinjaRoom#reconnected}), and the core's next subscription takes the held offer instead of sending
 * {@code play} again. Late messages of sessions used before go to the core under their own key, which it knows to
 * be over. Adapter thread only, but for the subscriptions' own hand-over.
 */
final class NinjaSignaling {
    private final NinjaRoom room;
    private final HostSignals signals;
    private final Outbox outbox;
    private final Logger log;
    private final RemoteLog remoteLog;

    NinjaSignaling(NinjaRoom room, HostSignals signals, Outbox outbox, Logger log, RemoteLog remoteLog) {
        this.room = room;
        this.signals = signals;
        this.outbox = outbox;
        this.log = log.createChildLogger(NinjaSignaling.class.getName());
        this.remoteLog = remoteLog;
    }

    /** The core's "play" request: bind, then take a held offer or ask the publisher with {@code play}. */
    void subscribe(NinjaSubscription subscription) {
        if (subscription.isEnded()) {
            return;
        }
        if (!signals.bind(subscription.uuidKey, subscription.request.session())) {
            subscription.end();
            return;
        }
        NinjaPeer peer = room.conference().equals(subscription.request.conference()) ? room.peer(subscription.uuid())
                : null;
        if (peer == null || !peer.reported) {
            end(subscription, "the endpoint does not publish in the room (any more)");
            return;
        }
        if (!outbox.isConnected()) {
            lose(subscription, "not connected to the signaling server");
            return;
        }
        if (peer.subscription != null && peer.subscription != subscription) {
            peer.subscription.end(); // superseded: the core ends a session before it subscribes anew
        }
        peer.subscription = subscription;
        NinjaPeer.Early early = peer.early;
        if (early != null && early.offer != null) {
            peer.early = null;
            subscription.log.info(() -> "taking the offer the publisher already sent (session " + early.session + ")");
            if (adopt(peer, subscription, early.session)) {
                signals.offer(subscription.key(), early.offer);
                early.candidates.forEach(candidate -> signals.candidate(subscription.key(), candidate));
            }
            return;
        }
        outbox.send(requests -> requests.play(peer.streamId, peer.uuid));
        subscription.log.info(() -> "play " + room.plainStreamId(peer.streamId));
    }

    /** An offer from a publisher: the first of a connection, or a renegotiation. */
    void offer(String uuid, String session, String sdp) {
        NinjaPeer peer = known(uuid, session, "offer");
        if (peer == null) {
            return;
        }
        NinjaSubscription subscription = route(peer, session);
        if (subscription != null) {
            subscription.log.info(() -> "offer from the publisher (session " + session + ")");
            signals.offer(subscription.key(), sdp);
        } else if (peer.hasUsed(session)) {
            signals.offer(NinjaSubscription.peerKey(uuid, session), sdp); // the core knows it is over
        } else {
            // A new connection of a publisher that had one, or that hung up on the recorder; a renegotiation of a
            // connection already held is not another one.
            boolean again = (!peer.reported || peer.hasUsedAny()
                    || peer.subscription != null && peer.subscription.session() != null)
                    && (peer.early == null || !peer.early.session.equals(session) || peer.early.offer == null);
            NinjaPeer.Early early = peer.early != null && peer.early.session.equals(session) ? peer.early
                    : new NinjaPeer.Early(session);
            early.offer = sdp;
            peer.early = early;
            if (again) {
                log.info(() -> uuid + " opened a new connection (session " + session
                        + "): recording it as a new generation");
                room.reconnected(peer);
            }
        }
    }

    /** Candidates from a publisher, in the bundle or the single form. */
    void candidates(String uuid, String session, String type, List<IceCandidate> candidates) {
        if ("remote".equals(type)) {
            // To VDO.Ninja, "remote" candidates come from a viewer; the recorder views only, so these are not for it.
            remoteLog.info(log, () -> "ignored candidates of type 'remote' from " + uuid);
            return;
        }
        NinjaPeer peer = known(uuid, session, "candidates");
        if (peer == null) {
            return;
        }
        NinjaSubscription subscription = route(peer, session);
        if (subscription != null) {
            candidates.forEach(candidate -> signals.candidate(subscription.key(), candidate));
        } else if (peer.hasUsed(session)) {
            HostKey key = NinjaSubscription.peerKey(uuid, session);
            candidates.forEach(candidate -> signals.candidate(key, candidate));
        } else if (peer.early == null || peer.early.offer == null || peer.early.session.equals(session)) {
            // Before their offer, or before the core subscribed: held, and handed over with the offer.
            if (peer.early == null || !peer.early.session.equals(session)) {
                peer.early = new NinjaPeer.Early(session);
            }
            peer.early.add(candidates);
        } else {
            log.debug(() -> "dropped candidates of session " + session + " from " + uuid + ": another new connection"
                    + " of it is waiting for its subscription");
        }
    }

    /**
     * The subscription that takes this session's messages: the peer's current one if it already has this session,
     * or if it has none yet (its first message names it: bind it now); else null.
     */
    private NinjaSubscription route(NinjaPeer peer, String session) {
        NinjaSubscription subscription = peer.subscription;
        if (subscription == null || subscription.isEnded()) {
            return null;
        }
        if (session.equals(subscription.session())) {
            return subscription;
        }
        if (subscription.session() == null && !peer.hasUsed(session)) {
            return adopt(peer, subscription, session) ? subscription : null;
        }
        return null;
    }

    private boolean adopt(NinjaPeer peer, NinjaSubscription subscription, String session) {
        HostKey key = NinjaSubscription.peerKey(peer.uuid, session);
        peer.used(session);
        if (!signals.bind(key, subscription.request.session())) {
            subscription.end();
            peer.subscription = null;
            return false;
        }
        subscription.adopt(session, key);
        return true;
    }

    private NinjaPeer known(String uuid, String session, String kind) {
        if (uuid == null || session == null) {
            remoteLog.warn(log, () -> "dropped " + kind + " without " + (uuid == null ? "a sender" : "a 'session'")
                    + (uuid == null ? "" : " from " + uuid));
            return null;
        }
        NinjaPeer peer = room.peer(uuid);
        if (peer == null) {
            remoteLog.info(log, () -> "dropped " + kind + " from " + uuid + ", who publishes nothing the recorder"
                    + " asked for");
        }
        return peer;
    }

    // ---------------------------------------------------------------- core → publisher

    void answer(NinjaSubscription subscription, String sdp) {
        String session = subscription.session();
        if (subscription.isEnded() || session == null) {
            subscription.log.debug("an answer with no publisher connection to take it; dropped");
            return;
        }
        if (outbox.send(requests -> requests.answer(subscription.uuid(), session, sdp))) {
            subscription.log.info(() -> "answered (session " + session + ")");
        }
    }

    void localCandidate(NinjaSubscription subscription, IceCandidate candidate) {
        String session = subscription.session();
        if (!subscription.isEnded() && session != null) {
            outbox.send(requests -> requests.candidate(subscription.uuid(), session, candidate));
        }
    }

    /** The core unsubscribed; nothing is reported back. */
    void closed(NinjaSubscription subscription) {
        NinjaPeer peer = room.peer(subscription.uuid());
        if (peer != null && peer.subscription == subscription) {
            peer.subscription = null;
        }
    }

    /** The server is gone and every publisher connection's signaling with it: report each subscription lost. */
    void disconnected(String reason) {
        for (NinjaPeer peer : room.peers()) {
            NinjaSubscription subscription = peer.subscription;
            peer.subscription = null;
            peer.early = null;
            if (subscription != null) {
                lose(subscription, "lost the signaling server: " + reason);
            }
        }
    }

    private void end(NinjaSubscription subscription, String reason) {
        if (subscription.end()) {
            subscription.log.warn("subscription failed: " + reason);
            signals.subscriptionEnded(subscription.key(), reason);
        }
    }

    private void lose(NinjaSubscription subscription, String reason) {
        if (subscription.end()) {
            subscription.log.warn("subscription lost: " + reason);
            signals.subscriptionLost(subscription.key(), reason);
        }
    }
}
