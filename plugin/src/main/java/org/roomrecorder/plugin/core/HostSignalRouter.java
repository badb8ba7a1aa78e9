package org.roomrecorder.plugin.core;

import static java.util.Objects.requireNonNull;

import java.util.function.Consumer;
import org.roomrecorder.plugin.metrics.Direction;
import org.roomrecorder.plugin.spi.HostKey;
import org.roomrecorder.plugin.spi.HostSignals;
import org.roomrecorder.plugin.spi.IceCandidate;
import org.roomrecorder.protocol.Text;

/**
 * Subscription signaling from the host, routed by its host key with one lookup. A key that belongs to no live
 * session is dropped: stale if it belonged to a finished one, unknown otherwise. Never guessed.
 */
final class HostSignalRouter implements HostSignals {
    private final CoreContext ctx;

    HostSignalRouter(CoreContext ctx) {
        this.ctx = requireNonNull(ctx, "ctx is null");
    }

    @Override
    public boolean bind(HostKey key, String session) {
        requireNonNull(key, "key is null");
        RecordingSession target = session == null ? null : ctx.routes().session(session);
        if (target == null) {
            RetiredRoute retired = session == null ? null : ctx.routes().retiredSession(session);
            if (retired != null) {
                ctx.drops().stale("bind", Direction.TO_WORKER, retired, "the session ended before the host bound " + key);
            } else {
                ctx.drops().unknownSession("bind", Direction.TO_WORKER, session, "the host");
            }
            return false;
        }
        switch (target.bind(key)) {
            case BOUND:
                target.endpoint().log().debug(() -> "host key " + Text.printable(key.toString()) + " bound");
                return true;
            case SESSION_OVER:
                ctx.drops().stale("bind", Direction.TO_WORKER, target.retiredRoute(), "the session ended before the host bound " + key);
                return false;
            default:
                ctx.metrics().unknownRoute("bind", Direction.TO_WORKER);
                target.endpoint().log().error("host key " + Text.printable(key.toString())
                        + " already belongs to another live session; refused (a host adapter bug)");
                return false;
        }
    }

    @Override
    public void offer(HostKey key, String sdp) {
        requireNonNull(sdp, "sdp is null");
        route(key, "offer", session -> session.offer(sdp));
    }

    @Override
    public void candidate(HostKey key, IceCandidate candidate) {
        requireNonNull(candidate, "candidate is null");
        route(key, "candidate", session -> session.candidate(candidate));
    }

    @Override
    public void endOfCandidates(HostKey key) {
        route(key, "end-of-candidates", RecordingSession::endOfCandidates);
    }

    @Override
    public void subscriptionEnded(HostKey key, String reason) {
        route(key, "subscription-ended", session -> session.subscriptionEnded(String.valueOf(reason)));
    }

    @Override
    public void subscriptionLost(HostKey key, String reason) {
        route(key, "subscription-lost", session -> session.subscriptionLost(String.valueOf(reason)));
    }

    private void route(HostKey key, String kind, Consumer<RecordingSession> delivery) {
        requireNonNull(key, "key is null");
        RecordingSession session = ctx.routes().sessionForKey(key);
        if (session == null) {
            RetiredRoute retired = ctx.routes().retiredKey(key);
            if (retired != null) {
                ctx.drops().stale(kind, Direction.TO_WORKER, retired, "host key " + key + " belongs to a session that is over");
            } else {
                ctx.drops().unknownHostKey(kind, key);
            }
            return;
        }
        session.endpoint().execute(() -> {
            if (session.hostRoutesRetired()) {
                ctx.drops().stale(kind, Direction.TO_WORKER, session.retiredRoute(), "the session ended before it could be delivered");
            } else {
                delivery.accept(session);
            }
        });
    }
}
