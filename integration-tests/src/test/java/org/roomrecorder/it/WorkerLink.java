package org.roomrecorder.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.roomrecorder.protocol.Answer;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.Close;
import org.roomrecorder.protocol.Closed;
import org.roomrecorder.protocol.EndOfCandidates;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.Opened;
import org.roomrecorder.protocol.StateEvent;
import org.roomrecorder.protocol.Stats;
import org.roomrecorder.protocol.ToPlugin;
import org.roomrecorder.protocol.ToWorker;
import org.roomrecorder.protocol.transport.Connection;
import org.roomrecorder.protocol.transport.ProtocolClient;
import org.roomrecorder.protocol.transport.TransportConfig;
import org.roomrecorder.protocol.transport.Waits;

/**
 * The test playing the plugin towards one worker, over the real protocol: a subclass opens sessions and sends the
 * worker their offers and candidates, and takes the worker's answers and candidates to whoever publishes (the farm's
 * publishers, Janus's subscriptions). Keeps what the worker reports, for assertions and measurements.
 */
public abstract class WorkerLink implements AutoCloseable {
    private final ProtocolClient client = new ProtocolClient(TransportConfig.defaults(), "integration-test-plugin");
    private final Connection<ToPlugin> worker;
    public final Map<String, Closed> closed = new ConcurrentHashMap<>();
    public final List<StateEvent> states = new CopyOnWriteArrayList<>();
    public final List<ErrorMessage> errors = new CopyOnWriteArrayList<>();
    public final Map<String, Stats> stats = new ConcurrentHashMap<>();
    /** When each session's latest stats arrived ({@link System#nanoTime}): counters over time need it. */
    public final Map<String, Long> statsArrivals = new ConcurrentHashMap<>();

    protected WorkerLink(Path socket) throws IOException {
        worker = client.connect(socket, new Connection.Listener<>() {
            @Override
            public void onMessage(Connection<ToPlugin> connection, ToPlugin message) {
                message.accept(new FromWorker());
            }

            @Override
            public void onError(Connection<ToPlugin> connection, ErrorMessage error) {
                errors.add(error);
            }
        }).connection();
    }

    /** The worker's answer for {@code session}, for its publisher; on the connection's reader thread. */
    protected abstract void answer(String session, String sdp);

    /** A candidate of the worker's for {@code session}, for its publisher; on the connection's reader thread. */
    protected abstract void candidate(String session, String candidate, String sdpMid, Integer sdpMLineIndex);

    /** Sends the worker an open, an offer, a candidate… */
    protected final void send(ToWorker message) {
        worker.send(message);
    }

    public void close(String id, String reason) {
        send(new Close(id, reason));
    }

    public boolean hasState(String id, StateEvent.State state) {
        return states.stream().anyMatch(s -> s.session().equals(id) && s.state() == state);
    }

    /** {@code id}'s file's time 0: the earliest first frame, audio or video. */
    public Instant firstFrame(String id) {
        return states.stream().filter(s -> s.session().equals(id)
                && (s.state() == StateEvent.State.FIRST_VIDEO_FRAME || s.state() == StateEvent.State.FIRST_AUDIO_FRAME))
                .map(StateEvent::at).min(Instant::compareTo).orElseThrow();
    }

    /**
     * Waits until {@code id}'s file holds {@code seconds} of media: that long after its time 0, the first media of
     * either kind (audio often comes before the first decoded video frame).
     */
    public void awaitRecording(String id, int seconds) {
        Waits.until(Duration.ofSeconds(30), () -> hasState(id, StateEvent.State.FIRST_VIDEO_FRAME),
                id + "'s first video frame");
        Instant until = firstFrame(id).plusSeconds(seconds);
        Waits.until(Duration.ofSeconds(seconds + 10), () -> Instant.now().isAfter(until),
                seconds + " s after " + id + "'s first frame");
    }

    public Closed awaitClosed(String id) {
        Waits.until(Duration.ofSeconds(30), () -> closed.containsKey(id), id + "'s session to close");
        return closed.get(id);
    }

    private final class FromWorker implements ToPlugin.Handler {
        @Override
        public void opened(Opened m) {
        }

        @Override
        public void answer(Answer m) {
            WorkerLink.this.answer(m.session(), m.sdp());
        }

        @Override
        public void candidate(Candidate m) {
            WorkerLink.this.candidate(m.session(), m.candidate(), m.sdpMid(), m.sdpMLineIndex());
        }

        @Override
        public void endOfCandidates(EndOfCandidates m) {
        }

        @Override
        public void state(StateEvent m) {
            states.add(m);
        }

        @Override
        public void stats(Stats m) {
            statsArrivals.put(m.session(), System.nanoTime());
            stats.put(m.session(), m);
        }

        @Override
        public void closed(Closed m) {
            closed.put(m.session(), m);
        }
    }

    @Override
    public void close() throws Exception {
        worker.close();
        client.close();
    }
}
