package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.CompletableFuture;

/** Where a session's requests go: the WebSocket ({@link JanusConnection}), or a fake Janus in tests. */
interface JanusTransport {
    /** Sends a request; the future completes with Janus's {@code success} or {@code ack}, or fails. */
    CompletableFuture<JanusMessage> request(ObjectNode request);

    boolean isClosed();

    /** Ends the transport and fails what is pending. Idempotent. */
    void close(String reason);
}
