package org.roomrecorder.plugin.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.roomrecorder.protocol.Answer;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.Close;
import org.roomrecorder.protocol.Closed;
import org.roomrecorder.protocol.EndOfCandidates;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.Opened;
import org.roomrecorder.protocol.ToPlugin;
import org.roomrecorder.protocol.ToWorker;
import org.roomrecorder.protocol.Welcome;
import org.roomrecorder.protocol.transport.Connection;
import org.roomrecorder.protocol.transport.ProtocolServer;
import org.roomrecorder.protocol.transport.TransportConfig;

/**
 * A worker without media on a real socket file, speaking the real protocol: open → opened, offer → an answer that
 * quotes the offer, candidate → a candidate that quotes it, end-of-candidates → end-of-candidates, close → closed.
 * It checks what it receives: a session message on a connection that never opened the session, anything after a
 * session's close, or an offer or candidate that carries another session's id is a {@link #violations violation}.
 * {@link #stop} kills it (every connection drops); {@link #restart} brings it back on the same socket.
 */
public final class FakeWorker implements AutoCloseable {
    /** Decides when a reply goes out; the default sends at once. Keep one session's replies in order. */
    public interface Replies {
        void send(String session, Runnable reply);
    }

    public final String id;
    public final List<ToWorker> received = new CopyOnWriteArrayList<>();
    public final Map<String, Open> opens = new ConcurrentHashMap<>();
    public final Set<String> closes = ConcurrentHashMap.newKeySet();
    /** Sessions open when their connection closed: they died with it, no close can come. */
    public final Set<String> abandoned = ConcurrentHashMap.newKeySet();
    public final List<String> violations = new CopyOnWriteArrayList<>();
    public volatile boolean answerOpens = true;
    public volatile ErrorCode refuseOpens;
    /**
     * Generations below this are taken, as in a manifest an earlier plugin left: an open that starts a generation
     * is recorded as this one at least, and {@code opened} says so.
     */
    public volatile int takenBelow;
    private final Path socket;
    private final int capacity;
    private final TransportConfig transport;
    private final List<Connection<ToWorker>> connections = new CopyOnWriteArrayList<>();
    private volatile Replies replies = (session, reply) -> reply.run();
    private volatile ProtocolServer server;

    private FakeWorker(Path socket, String id, int capacity, TransportConfig transport) {
        this.socket = socket;
        this.id = id;
        this.capacity = capacity;
        this.transport = transport;
    }

    public static FakeWorker start(Path socket, String id, int capacity) throws IOException {
        FakeWorker worker = new FakeWorker(socket, id, capacity, TransportConfig.defaults());
        worker.restart();
        return worker;
    }

    public Path socket() {
        return socket;
    }

    public void replies(Replies policy) {
        this.replies = policy;
    }

    public synchronized void restart() throws IOException {
        if (server == null) {
            server = ProtocolServer.start(socket, transport, v -> new Welcome(v, "fake-worker", id, capacity),
                    ProtocolServer.PeerPolicy.ANY, connection -> {
                        connections.add(connection);
                        return new Session(connection);
                    });
        }
    }

    /** Kills the worker: the socket closes, every connection drops, nothing more is answered. */
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /**
     * Sends a message of the worker's own on its newest open connection; false if none is open. A connection counts
     * as open once its welcome has gone out: a session message before it would break the handshake.
     */
    public boolean inject(ToPlugin message) {
        for (int i = connections.size() - 1; i >= 0; i--) {
            Connection<ToWorker> connection = connections.get(i);
            if (connection.isOpen() && connection.framesSent() > 0) {
                return connection.send(message);
            }
        }
        return false;
    }

    public int openConnections() {
        return (int) connections.stream().filter(Connection::isOpen).count();
    }

    /** Sessions opened and neither closed nor abandoned when the worker was killed. */
    public Set<String> liveSessions() {
        Set<String> live = new java.util.HashSet<>(opens.keySet());
        live.removeAll(closes);
        live.removeAll(abandoned);
        return live;
    }

    public long count(Class<? extends ToWorker> type) {
        return received.stream().filter(type::isInstance).count();
    }

    @Override
    public void close() {
        stop();
    }

    /** One connection: replies and the checks on what arrives. */
    private final class Session implements Connection.Listener<ToWorker> {
        private final Connection<ToWorker> connection;
        private final Set<String> openedHere = ConcurrentHashMap.newKeySet();
        private final Set<String> closedHere = ConcurrentHashMap.newKeySet();

        Session(Connection<ToWorker> connection) {
            this.connection = connection;
        }

        @Override
        public void onMessage(Connection<ToWorker> c, ToWorker message) {
            received.add(message);
            String session = message.session();
            if (closedHere.contains(session)) {
                violations.add(id + ": " + message + " after the session's close");
            } else if (!(message instanceof Open) && !openedHere.contains(session)) {
                violations.add(id + ": " + message + " for a session not opened on this connection");
            }
            message.accept(new ToWorker.Handler() {
                @Override
                public void open(Open m) {
                    openedHere.add(session);
                    opens.put(session, m);
                    ErrorCode refusal = refuseOpens;
                    if (refusal != null) {
                        openedHere.remove(session);
                        opens.remove(session);
                        reply(session, ErrorMessage.of(session, refusal, "refused by " + id));
                    } else if (answerOpens) {
                        int recordedAs = m.startsGeneration() ? Math.max(m.generation(), takenBelow) : m.generation();
                        reply(session, new Opened(session, recordedAs));
                    }
                }

                @Override
                public void offer(Offer m) {
                    expectOwnId(m.sdp(), session, m);
                    reply(session, new Answer(session, "answer from " + id + " to " + m.sdp()));
                }

                @Override
                public void candidate(Candidate m) {
                    expectOwnId(m.candidate(), session, m);
                    reply(session, new Candidate(session, m.candidate() + " echo " + id, m.sdpMid(),
                            m.sdpMLineIndex()));
                }

                @Override
                public void endOfCandidates(EndOfCandidates m) {
                    reply(session, m);
                }

                @Override
                public void close(Close m) {
                    closedHere.add(session);
                    closes.add(session);
                    reply(session, new Closed(session, m.reason(), List.of()));
                }
            });
        }

        @Override
        public void onClosed(Connection<ToWorker> c, String reason) {
            for (String session : openedHere) {
                if (!closedHere.contains(session)) {
                    abandoned.add(session);
                }
            }
        }

        private void expectOwnId(String text, String session, ToWorker message) {
            if (!text.contains(session)) {
                violations.add(id + ": " + message + " carries another session's text");
            }
        }

        private void reply(String session, org.roomrecorder.protocol.Message message) {
            replies.send(session, () -> connection.send(message));
        }
    }
}
