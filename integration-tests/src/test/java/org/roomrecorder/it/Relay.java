package org.roomrecorder.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.EndOfCandidates;
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.RecordingOptions;

/**
 * Plays the plugin between the publisher farm and a worker: one session per publisher (session id = publisher
 * id), offers and candidates from the farm to the worker, answers and candidates back. Keeps what the worker
 * reports for assertions.
 */
public final class Relay extends WorkerLink {
    private final FarmProcess farm;
    /** Everything the farm reported, in order. */
    public final List<JsonNode> farmEvents = new CopyOnWriteArrayList<>();

    private Relay(Path socket, TestNetwork network, Path farmLog, int frameRate, int width, int height)
            throws IOException {
        super(socket);
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
        send(new Open(id, conference, id, streamId, displayName, 0, 0, options, null));
        farm.create(id, tone, yuv);
    }

    /** Like {@link #record}, but the publisher adds its video later over its data channel, as VDO.Ninja's do. */
    public void recordViaChannel(String id, String conference, RecordingOptions options, double tone, int[] yuv)
            throws IOException {
        send(new Open(id, conference, id, id, null, 0, 0, options, null));
        farm.createViaChannel(id, tone, yuv);
    }

    /** The farm's latest report of {@code type} about publisher {@code id}, if any. */
    public Optional<JsonNode> farmEvent(String id, String type) {
        return farmEvents.stream().filter(e -> e.path("id").asText().equals(id) && e.path("type").asText().equals(type))
                .reduce((first, second) -> second);
    }

    public void recordBeepFlash(String id, String conference, RecordingOptions options) throws IOException {
        send(new Open(id, conference, id, id, null, 0, 0, options, null));
        farm.createBeepFlash(id);
    }

    private void fromFarm(JsonNode event) {
        farmEvents.add(event);
        String id = event.path("id").asText();
        switch (event.path("type").asText()) {
            case "offer" -> send(new Offer(id, event.path("sdp").asText()));
            case "candidate" -> send(new Candidate(id, event.path("candidate").asText(),
                    event.path("sdpMid").asText(null), event.path("sdpMLineIndex").asInt()));
            case "end-of-candidates" -> send(new EndOfCandidates(id));
            default -> {
            }
        }
    }

    @Override
    protected void answer(String session, String sdp) {
        farm.answer(session, sdp);
    }

    @Override
    protected void candidate(String session, String candidate, String sdpMid, Integer sdpMLineIndex) {
        farm.candidate(session, candidate, sdpMid, sdpMLineIndex);
    }

    @Override
    public void close() throws Exception {
        farm.close();
        super.close();
    }
}
