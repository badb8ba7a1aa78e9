package org.roomrecorder.plugin.hosts.vdoninja;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.roomrecorder.plugin.testing.FakeWebSocketServer;

/**
 * A signaling server on a real WebSocket that the test scripts ({@link FakeWebSocketServer}): it writes down what
 * the adapter sends, per connection, and sends what the test tells it to, optionally split into several frames. It
 * makes no protocol decisions of its own; the test plays the server (official or relay) and the publishers.
 */
final class FakeSignalingServer implements AutoCloseable {
    /** Every text message received, as "<connection number> <text>". */
    final List<String> received = new CopyOnWriteArrayList<>();
    private final FakeWebSocketServer server;

    FakeSignalingServer() throws IOException {
        server = new FakeWebSocketServer("fake-signaling", null,
                (from, text) -> received.add(from.number() + " " + text));
    }

    String url() {
        return server.url();
    }

    /** How many connections were accepted so far (the first is number 1). */
    int connections() {
        return server.connections();
    }

    /** Sends every later message in this many frames. */
    void fragment(int count) {
        server.fragment(count);
    }

    /** Sends a text message on the newest connection. */
    void send(String text) throws IOException {
        server.newest().send(text);
    }

    /** Cuts every connection without a close frame, as a crashing server does. */
    void dropConnections() throws IOException {
        server.dropConnections();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
