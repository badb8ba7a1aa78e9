package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.jitsi.utils.logging2.Logger;

/**
 * The adapter's one Janus session on one connection: its id, its handles and where their messages go. A handle's
 * listener is registered when Janus confirms the handle, on the WebSocket's thread, so it is in place before any
 * message for the handle can arrive.
 */
final class JanusSession {
    private final JanusTransport connection;
    private final long id;
    private final Map<Long, HandleListener> handles = new ConcurrentHashMap<>();
    private final Logger log;

    private JanusSession(JanusTransport connection, long id, Logger log) {
        this.connection = connection;
        this.id = id;
        this.log = log;
    }

    /** Creates a session on a fresh transport. */
    static CompletableFuture<JanusSession> create(JanusTransport connection, Logger log) {
        return connection.request(JanusRequests.create()).thenApply(reply -> {
            Long id = reply.dataId();
            if (id == null) {
                throw new CompletionException(new JanusException("Janus answered 'create' without a session id"));
            }
            return new JanusSession(connection, id, log);
        });
    }

    long id() {
        return id;
    }

    boolean isClosed() {
        return connection.isClosed();
    }

    /** Attaches a VideoRoom handle whose messages go to {@code listener}. */
    CompletableFuture<JanusHandle> attach(String opaqueId, HandleListener listener) {
        return request(JanusRequests.attach(opaqueId)).thenApply(reply -> {
            Long handle = reply.dataId();
            if (handle == null) {
                throw new CompletionException(new JanusException("Janus answered 'attach' without a handle id"));
            }
            handles.put(handle, listener);
            return new JanusHandle(this, handle);
        });
    }

    CompletableFuture<JanusMessage> request(ObjectNode request) {
        putUnsigned(request, "session_id", id);
        return connection.request(request);
    }

    CompletableFuture<JanusMessage> request(long handle, ObjectNode request) {
        putUnsigned(request, "handle_id", handle);
        return request(request);
    }

    /** Janus's ids are unsigned 64-bit numbers; a Java long holds the upper half as negative values. */
    private static void putUnsigned(ObjectNode request, String field, long id) {
        if (id >= 0) {
            request.put(field, id);
        } else {
            request.put(field, new BigInteger(Long.toUnsignedString(id)));
        }
    }

    CompletableFuture<JanusMessage> keepalive() {
        return request(JanusRequests.keepalive());
    }

    /** Stops routing a handle's messages; whatever Janus still sends for it is dropped. */
    void forget(long handle) {
        handles.remove(handle);
    }

    /**
     * Routes a message that answers no request to its handle's listener.
     *
     * @return false if the message says the session itself is gone
     */
    boolean dispatch(JanusMessage message) {
        Long session = JanusMessage.unsignedId(message.body().path("session_id"));
        if (session != null && session != id) {
            log.debug(() -> "dropped '" + message.janus() + "' for another Janus session");
            return true;
        }
        if ("timeout".equals(message.janus())) {
            return false;
        }
        HandleListener listener = message.sender() == null ? null : handles.get(message.sender());
        if (listener == null) {
            // Late messages of a detached handle (its 'detached', a last trickle) end here.
            log.debug(() -> "dropped '" + message.janus() + "' for handle " + message.sender()
                    + ", which the adapter does not hold (any more)");
            return true;
        }
        listener.onMessage(message);
        return true;
    }

    /** Destroys the session in Janus, then closes the connection; completes when it is closed. */
    CompletableFuture<Void> destroy() {
        handles.clear();
        return request(JanusRequests.destroy()).handle((reply, failure) -> {
            connection.close("session destroyed");
            return null;
        });
    }

    void close(String reason) {
        connection.close(reason);
    }
}
