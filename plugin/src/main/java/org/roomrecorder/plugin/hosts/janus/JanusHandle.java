package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;
import org.roomrecorder.plugin.spi.IceCandidate;

/** One VideoRoom handle of the adapter's Janus session. */
record JanusHandle(JanusSession session, long id) {

    String idText() {
        return Long.toUnsignedString(id);
    }

    CompletableFuture<JanusMessage> message(ObjectNode body) {
        return session.request(id, JanusRequests.message(body));
    }

    CompletableFuture<JanusMessage> message(ObjectNode body, String jsepType, String sdp) {
        return session.request(id, JanusRequests.message(body, jsepType, sdp));
    }

    CompletableFuture<JanusMessage> trickle(IceCandidate candidate) {
        return session.request(id, JanusRequests.trickle(candidate));
    }

    CompletableFuture<JanusMessage> trickleCompleted() {
        return session.request(id, JanusRequests.trickleCompleted());
    }

    /** Stops routing the handle's messages and asks Janus to drop it. */
    void detach() {
        session.forget(id);
        if (!session.isClosed()) {
            session.request(id, JanusRequests.detach()).exceptionally(failure -> null);
        }
    }
}
