package org.roomrecorder.plugin.hosts.vdoninja;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Where the adapter's messages go: the live connection, with the message builder of that connection (in relay mode
 * each connection has its own {@code from}), or nowhere while disconnected. Adapter thread only.
 */
final class Outbox {
    private NinjaRequests requests;
    private Consumer<String> sender;
    private String ownId;

    /**
     * @param ownId the recorder's {@code from} on a relay, or null with the official server
     */
    void connected(NinjaRequests connectionRequests, Consumer<String> connectionSender, String connectionOwnId) {
        this.requests = connectionRequests;
        this.sender = connectionSender;
        this.ownId = connectionOwnId;
    }

    void disconnected() {
        requests = null;
        sender = null;
        ownId = null;
    }

    boolean isConnected() {
        return sender != null;
    }

    /** The recorder's own id on a relay; null with the official server or while disconnected. */
    String ownId() {
        return ownId;
    }

    /** Builds and sends a message; false if there is no connection to send it on. */
    boolean send(Function<NinjaRequests, ObjectNode> message) {
        if (sender == null) {
            return false;
        }
        sender.accept(message.apply(requests).toString());
        return true;
    }
}
