package org.roomrecorder.it.vdoninja;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.roomrecorder.it.FarmProcess;
import org.roomrecorder.it.TestNetwork;
import org.roomrecorder.it.vdoninja.VdoNinjaPublisher.CandidateForm;

/**
 * The farm's synthetic publishers in a VDO.Ninja room: starts the farm in the test network, and hands each farm event
 * to the publisher whose session it belongs to. Signaling runs in this JVM, straight to the room server's port.
 */
public final class VdoNinjaPublishers implements AutoCloseable {
    private final VdoNinjaRoomServer server;
    private final FarmProcess farm;
    private final Map<String, VdoNinjaPublisher> publishers = new ConcurrentHashMap<>();

    private VdoNinjaPublishers(VdoNinjaRoomServer server, TestNetwork network, Path farmLog, int frameRate)
            throws Exception {
        this.server = server;
        this.farm = FarmProcess.start(network, farmLog, this::farmEvent, frameRate);
    }

    public static VdoNinjaPublishers start(VdoNinjaRoomServer server, TestNetwork network, Path farmLog, int frameRate)
            throws Exception {
        return new VdoNinjaPublishers(server, network, farmLog, frameRate);
    }

    /** A publisher with its own tone and colour (BT.601 Y, U, V), not yet in the room; {@code crypto} may be null. */
    public VdoNinjaPublisher create(String room, String streamId, VdoNinjaCrypto crypto, double tone, int[] yuv,
            CandidateForm candidateForm) {
        return create(room, streamId, crypto, crypto, tone, yuv, candidateForm);
    }

    /**
     * A publisher whose room and stream ids are hashed with {@code crypto} but whose descriptions and candidates are
     * sealed with {@code sealing}: one that found the room but has the wrong password.
     */
    public VdoNinjaPublisher create(String room, String streamId, VdoNinjaCrypto crypto, VdoNinjaCrypto sealing,
            double tone, int[] yuv, CandidateForm candidateForm) {
        VdoNinjaPublisher publisher = new VdoNinjaPublisher(farm, server.behaviour(), room, streamId, crypto, sealing,
                tone, yuv, candidateForm);
        if (publishers.putIfAbsent(streamId, publisher) != null) {
            throw new IllegalArgumentException("publisher " + streamId + " exists already");
        }
        return publisher;
    }

    /** Joins the room. */
    public void join(VdoNinjaPublisher publisher) throws Exception {
        publisher.join(URI.create("ws://127.0.0.1:" + server.port()));
    }

    /** What the farm reported as errors. */
    public List<String> errors() {
        return farm.errors();
    }

    private void farmEvent(JsonNode event) {
        String id = event.path("id").asText();
        int slash = id.indexOf('/');
        VdoNinjaPublisher publisher = slash < 0 ? null : publishers.get(id.substring(0, slash));
        if (publisher != null) {
            publisher.farmEvent(id, event);
        }
    }

    @Override
    public void close() throws Exception {
        for (VdoNinjaPublisher p : publishers.values()) {
            p.leave();
        }
        farm.close();
    }
}
