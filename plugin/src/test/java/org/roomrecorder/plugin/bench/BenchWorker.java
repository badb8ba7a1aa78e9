package org.roomrecorder.plugin.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.roomrecorder.protocol.Answer;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.Close;
import org.roomrecorder.protocol.Closed;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.Opened;
import org.roomrecorder.protocol.ToWorker;
import org.roomrecorder.protocol.Welcome;
import org.roomrecorder.protocol.transport.Connection;
import org.roomrecorder.protocol.transport.ProtocolServer;
import org.roomrecorder.protocol.transport.TransportConfig;

/**
 * A worker for benchmarks: answers open, offer and close at once, records when each session's open arrived, and
 * the one-way latency of every candidate stamped with its send time ({@code ... t=<nanoTime>}). It can send stamped
 * candidates of its own to the plugin, on the connection a session was opened on.
 */
final class BenchWorker implements AutoCloseable {
    final Map<String, Long> openedAt = new ConcurrentHashMap<>();
    final Map<String, Connection<ToWorker>> connectionOf = new ConcurrentHashMap<>();
    final AtomicLong candidates = new AtomicLong();
    volatile LatencySamples oneWay = new LatencySamples();
    private final ProtocolServer server;

    BenchWorker(Path socket, int capacity) throws IOException {
        server = ProtocolServer.start(socket, TransportConfig.defaults(),
                v -> new Welcome(v, "bench-worker", socket.getFileName().toString(), capacity),
                ProtocolServer.PeerPolicy.ANY, connection -> (c, message) -> receive(c, message));
    }

    static String stamped(String session, long sentAt) {
        return "candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host rr " + session + " t=" + sentAt;
    }

    static long stamp(String candidate) {
        return Long.parseLong(candidate.substring(candidate.lastIndexOf("t=") + 2));
    }

    private void receive(Connection<ToWorker> connection, ToWorker message) {
        if (message instanceof Candidate candidate) {
            oneWay.add(System.nanoTime() - stamp(candidate.candidate()));
            candidates.incrementAndGet();
        } else if (message instanceof Open open) {
            openedAt.put(open.session(), System.nanoTime());
            connectionOf.put(open.session(), connection);
            connection.send(new Opened(open.session()));
        } else if (message instanceof org.roomrecorder.protocol.Offer offer) {
            connection.send(new Answer(offer.session(), "v=0\r\ns=answer " + offer.session() + "\r\n"));
        } else if (message instanceof Close close) {
            connection.send(new Closed(close.session(), close.reason(), List.of()));
        }
    }

    /** Sends a candidate for the session, stamped now; false if the session is not open here. */
    boolean sendCandidate(String session) {
        Connection<ToWorker> connection = connectionOf.get(session);
        return connection != null && connection.send(new Candidate(session, stamped(session, System.nanoTime()),
                "0", 0));
    }

    @Override
    public void close() {
        server.close();
    }
}
