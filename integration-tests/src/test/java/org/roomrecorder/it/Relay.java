package org.roomrecorder.it;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.Opened;
import org.roomrecorder.protocol.RecordingOptions;
import org.roomrecorder.protocol.StateEvent;
import org.roomrecorder.protocol.Stats;
import org.roomrecorder.protocol.ToPlugin;
import org.roomrecorder.protocol.transport.Connection;
import org.roomrecorder.protocol.transport.ProtocolClient;
import org.roomrecorder.protocol.transport.TransportConfig;
import org.roomrecorder.protocol.transport.Waits;

/**
 * Plays the plugin between the publisher farm and a worker: one session per publisher (session id = publisher
 * id), offers and candidates from the farm to the worker, answers and candidates back. Keeps what the worker
 * reports for assertions.
 */
public final class Relay implements AutoCloseable {
    private final ProtocolClient client = new ProtocolClient(TransportConfig.defaults(), "integration-test-plugin");
    private final Connection<ToPlugin> worker;
    private final FarmProcess farm;
    public final Map<String, Closed> closed = new ConcurrentHashMap<>();
    public final List<StateEvent> states = new CopyOnWriteArrayList<>();
    public final List<ErrorMessage> errors = new CopyOnWriteArrayList<>();
    public final Map<String, Stats> stats = new ConcurrentHashMap<>();
    /** When each session's latest stats arrived ({@link System#nanoTime}): counters over time need it. */
    public final Map<String, Long> statsArrivals = new ConcurrentHashMap<>();
    /** Everything the farm reported, in order. */
    public final List<JsonNode> farmEvents = new CopyOnWriteArrayList<>();

    private Relay(Path socket, TestNetwork network, Path farmLog, int frameRate, int width, int height)
            throws IOException {
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
        farm = FarmProcess.start(network, farmLog, this::fromFarm, frameRate, width, height);
    }

    public static Relay start(WorkerProcess worker, TestNetwork network, Path farmLog) throws IOException {
        return start(worker, network, farmLog, 30);
    }

    /** A relay whose publishers send {@code frameRate} frames per second: fewer for many publishers on two cores. */
    public static Relay start(WorkerProcess worker, TestNetwork network, Path farmLog, int frameRate)
            throws IOException {
        return new Relay(worker.socket(), network, farmLog, frameRate, 640, 360);
    }

    /** With publishers sending {@code width} x {@code height} video at 30 frames per second. */
    public static Relay start(WorkerProcess worker, TestNetwork network, Path farmLog, int width, int height)
            throws IOException {
        return new Relay(worker.socket(), network, farmLog, 30, width, height);
    }

    public FarmProcess farm() {
        return farm;
    }

    /** Opens a session for publisher {@code id} on the worker, then makes the farm publish it. */
    public void record(String id, String conference, String streamId, RecordingOptions options, double tone, int[] yuv)
            throws IOException {
        record(id, conference, streamId, "Publisher " + id, options, tone, yuv);
    }

    public void record(String id, String conference, String streamId, String displayName, RecordingOptions options,
            double tone, int[] yuv) throws IOException {
        worker.send(new Open(id, conference, id, streamId, displayName, 0, 0, options, null));
        farm.create(id, tone, yuv);
    }

    /** Like {@link #record}, but the publisher adds its video later over its data channel, as VDO.Ninja's do. */
    public void recordViaChannel(String id, String conference, RecordingOptions options, double tone, int[] yuv)
            throws IOException {
        worker.send(new Open(id, conference, id, id, null, 0, 0, options, null));
        farm.createViaChannel(id, tone, yuv);
    }

    /** The farm's latest report of {@code type} about publisher {@code id}, if any. */
    public java.util.Optional<JsonNode> farmEvent(String id, String type) {
        return farmEvents.stream().filter(e -> e.path("id").asText().equals(id) && e.path("type").asText().equals(type))
                .reduce((first, second) -> second);
    }

    public void recordBeepFlash(String id, String conference, RecordingOptions options) throws IOException {
        worker.send(new Open(id, conference, id, id, null, 0, 0, options, null));
        farm.createBeepFlash(id);
    }

    public void close(String id, String reason) {
        worker.send(new Close(id, reason));
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

    private void fromFarm(JsonNode event) {
        farmEvents.add(event);
        String id = event.path("id").asText();
        switch (event.path("type").asText()) {
            case "offer" -> worker.send(new Offer(id, event.path("sdp").asText()));
            case "candidate" -> worker.send(new Candidate(id, event.path("candidate").asText(),
                    event.path("sdpMid").asText(null), event.path("sdpMLineIndex").asInt()));
            case "end-of-candidates" -> worker.send(new EndOfCandidates(id));
            default -> {
            }
        }
    }

    private final class FromWorker implements ToPlugin.Handler {
        @Override
        public void opened(Opened m) {
        }

        @Override
        public void answer(Answer m) {
            farm.answer(m.session(), m.sdp());
        }

        @Override
        public void candidate(Candidate m) {
            farm.candidate(m.session(), m.candidate(), m.sdpMid(), m.sdpMLineIndex());
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
        farm.close();
        worker.close();
        client.close();
    }
}
