package org.roomrecorder.protocol.transport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.protocol.Answer;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.Close;
import org.roomrecorder.protocol.Closed;
import org.roomrecorder.protocol.EndOfCandidates;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.Opened;
import org.roomrecorder.protocol.ToWorker;
import org.roomrecorder.protocol.Welcome;

/**
 * A protocol server that answers like a worker without media: open → opened, offer → answer (same SDP),
 * candidates and end-of-candidates echoed, close → closed. Records what it receives.
 */
public final class TestWorker implements AutoCloseable {
    public final LinkedBlockingQueue<ToWorker> received = new LinkedBlockingQueue<>();
    public final List<ErrorMessage> errors = new CopyOnWriteArrayList<>();
    public final List<Connection<ToWorker>> connections = new CopyOnWriteArrayList<>();
    private final ProtocolServer server;

    public TestWorker(Path socket, TransportConfig config) throws IOException {
        this(socket, config, ProtocolServer.PeerPolicy.ANY);
    }

    public TestWorker(Path socket, TransportConfig config, ProtocolServer.PeerPolicy policy) throws IOException {
        server = ProtocolServer.start(socket, config, v -> new Welcome(v, "test-worker", "w1", 8), policy,
                connection -> {
                    connections.add(connection);
                    return new Echo();
                });
    }

    public ProtocolServer server() {
        return server;
    }

    public ToWorker take() throws InterruptedException {
        ToWorker m = received.poll(5, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("the test worker received nothing within 5 s");
        }
        return m;
    }

    private final class Echo implements Connection.Listener<ToWorker> {
        @Override
        public void onMessage(Connection<ToWorker> connection, ToWorker message) {
            received.add(message);
            message.accept(new ToWorker.Handler() {
                @Override
                public void open(Open m) {
                    connection.send(new Opened(m.session()));
                }

                @Override
                public void offer(Offer m) {
                    connection.send(new Answer(m.session(), m.sdp()));
                }

                @Override
                public void candidate(Candidate m) {
                    connection.send(m);
                }

                @Override
                public void endOfCandidates(EndOfCandidates m) {
                    connection.send(m);
                }

                @Override
                public void close(Close m) {
                    connection.send(new Closed(m.session(), m.reason(), List.of()));
                }
            });
        }

        @Override
        public void onError(Connection<ToWorker> connection, ErrorMessage error) {
            errors.add(error);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
