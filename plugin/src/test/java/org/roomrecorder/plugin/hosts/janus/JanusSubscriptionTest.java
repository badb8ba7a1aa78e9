package org.roomrecorder.plugin.hosts.janus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jitsi.utils.MediaType;
import org.jitsi.utils.logging2.Logger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.logging.Slf4jContextLogger;
import org.roomrecorder.plugin.spi.ConferenceId;
import org.roomrecorder.plugin.spi.EndpointId;
import org.roomrecorder.plugin.spi.IceCandidate;
import org.roomrecorder.plugin.spi.MediaSource;
import org.roomrecorder.plugin.spi.SubscribeRequest;

@DisplayName("A Janus subscription")
class JanusSubscriptionTest {
    private static final Logger LOG = Slf4jContextLogger.create("test", Map.of());
    private static final List<MediaSource> AUDIO_VIDEO = List.of(new MediaSource("0", MediaType.AUDIO),
            new MediaSource("1", MediaType.VIDEO));
    private static final RoomRegistry.Feed ALICE = new RoomRegistry.Feed(TextNode.valueOf("1234"),
            TextNode.valueOf("4de443e2-5ead-4c6a-944d-2e0ff2a58625"), AUDIO_VIDEO);

    private final List<String> journal = new CopyOnWriteArrayList<>();
    private final FakeJanus janus = new FakeJanus(journal);
    private final RecordingSignals signals = new RecordingSignals(journal);
    private final List<JanusSubscription> ended = new CopyOnWriteArrayList<>();
    private JanusSession session;

    @BeforeEach
    void createSession() {
        session = JanusSession.create(janus, LOG).join();
        journal.clear();
    }

    private JanusSubscription subscribe(RoomRegistry.Feed feed, Set<MediaType> media) {
        JanusSubscription subscription = new JanusSubscription(new SubscribeRequest("r1", new ConferenceId("1234"),
                new EndpointId(feed == null ? "ghost" : JanusIds.text(feed.id())), media), signals, ended::add, LOG,
                new RemoteLog());
        subscription.start(session, feed);
        return subscription;
    }

    /** Janus's message for the subscriber's handle, as the WebSocket would deliver it. */
    private void fromJanus(String json) {
        session.dispatch(JanusMessage.of(JanusJson.parse(json)));
    }

    private static final String ATTACHED = "{\"janus\":\"event\",\"session_id\":%d,\"transaction\":\"x\",\"sender\":%d,"
            + "\"plugindata\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"attached\","
            + "\"room\":\"1234\",\"streams\":[{\"type\":\"audio\",\"mindex\":0,\"mid\":\"0\","
            + "\"feed_id\":\"4de443e2-5ead-4c6a-944d-2e0ff2a58625\",\"feed_mid\":\"0\",\"codec\":\"opus\"}]}},"
            + "\"jsep\":{\"type\":\"offer\",\"sdp\":\"v=0 offer-1\"}}";

    private long handle() {
        return janus.sent("join").get(0).get("handle_id").asLong();
    }

    @Test
    @DisplayName("binds its key and the handle id before it asks Janus for the stream")
    void bindsBeforeJoin() {
        subscribe(ALICE, Set.of(MediaType.AUDIO, MediaType.VIDEO));
        long handle = handle();
        assertEquals(List.of(
                "bind janus-subscription:r1 to r1",
                "janus attach",
                "bind janus-handle:" + handle + " to r1",
                "janus join on " + handle), journal);
        ObjectNode join = (ObjectNode) janus.sent("join").get(0).get("body");
        assertEquals("{\"request\":\"join\",\"ptype\":\"subscriber\",\"room\":\"1234\",\"streams\":"
                + "[{\"feed\":\"4de443e2-5ead-4c6a-944d-2e0ff2a58625\"}]}", join.toString());
    }

    @Test
    @DisplayName("echoes numeric room and feed ids as numbers, and asks only for the wanted media's mids")
    void numericIdsAndMids() {
        subscribe(new RoomRegistry.Feed(IntNode.valueOf(1234), IntNode.valueOf(4242), AUDIO_VIDEO),
                Set.of(MediaType.AUDIO));
        assertEquals("{\"request\":\"join\",\"ptype\":\"subscriber\",\"room\":1234,\"streams\":"
                + "[{\"mid\":\"0\",\"feed\":4242}]}", janus.sent("join").get(0).get("body").toString());
    }

    @Test
    @DisplayName("hands Janus's offers, first and renegotiated, and its candidates to the core by the handle key")
    void offersAndCandidates() {
        subscribe(ALICE, Set.of(MediaType.AUDIO, MediaType.VIDEO));
        long handle = handle();
        journal.clear();
        fromJanus(String.format(ATTACHED, session.id(), handle));
        fromJanus("{\"janus\":\"trickle\",\"session_id\":" + session.id() + ",\"sender\":" + handle
                + ",\"candidate\":{\"candidate\":\"candidate:1 1 udp 2015363327 127.0.0.2 40000 typ host\","
                + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}");
        fromJanus("{\"janus\":\"trickle\",\"session_id\":" + session.id() + ",\"sender\":" + handle
                + ",\"candidate\":{\"completed\":true}}");
        fromJanus("{\"janus\":\"event\",\"session_id\":" + session.id() + ",\"sender\":" + handle
                + ",\"plugindata\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"updated\","
                + "\"room\":\"1234\",\"streams\":[]}},\"jsep\":{\"type\":\"offer\",\"sdp\":\"v=0 offer-2\"}}");
        String key = "janus-handle:" + handle;
        assertEquals(List.of(
                "offer " + key + " v=0 offer-1",
                "candidate " + key + " candidate:1 1 udp 2015363327 127.0.0.2 40000 typ host 0 0",
                "end-of-candidates " + key,
                "offer " + key + " v=0 offer-2"), journal);
    }

    @Test
    @DisplayName("sends the worker's answer as 'start' with the jsep, and its candidates as trickles")
    void answerAndTrickle() {
        JanusSubscription subscription = subscribe(ALICE, Set.of(MediaType.AUDIO, MediaType.VIDEO));
        subscription.answer("v=0 answer");
        subscription.candidate(new IceCandidate("candidate:2 1 udp 1 127.0.0.2 50000 typ host", "0", 0));
        subscription.endOfCandidates();
        JsonNode start = janus.sent("start").get(0);
        assertEquals("{\"request\":\"start\"}", start.get("body").toString());
        assertEquals("{\"type\":\"answer\",\"sdp\":\"v=0 answer\"}", start.get("jsep").toString());
        List<ObjectNode> trickles = janus.sent("trickle");
        assertEquals("{\"candidate\":\"candidate:2 1 udp 1 127.0.0.2 50000 typ host\",\"sdpMid\":\"0\","
                + "\"sdpMLineIndex\":0}", trickles.get(0).get("candidate").toString());
        assertEquals("{\"completed\":true}", trickles.get(1).get("candidate").toString());
    }

    @Test
    @DisplayName("reports Janus's hang-up once, even when 'detached' follows")
    void hangupOnce() {
        subscribe(ALICE, Set.of(MediaType.AUDIO, MediaType.VIDEO));
        long handle = handle();
        journal.clear();
        fromJanus("{\"janus\":\"hangup\",\"session_id\":" + session.id() + ",\"sender\":" + handle
                + ",\"reason\":\"Close PC\"}");
        fromJanus("{\"janus\":\"detached\",\"session_id\":" + session.id() + ",\"sender\":" + handle + "}");
        assertEquals(List.of("ended janus-handle:" + handle + " Janus hung up: Close PC", "janus detach on " + handle),
                journal);
        assertEquals(1, ended.size());
    }

    @Test
    @DisplayName("reports the loss of the connection to Janus as lost, not ended, once")
    void connectionLost() {
        JanusSubscription subscription = subscribe(ALICE, Set.of(MediaType.AUDIO, MediaType.VIDEO));
        long handle = handle();
        journal.clear();
        subscription.connectionLost("websocket closed");
        subscription.connectionLost("websocket closed");
        assertEquals("lost janus-handle:" + handle + " lost the connection to Janus: websocket closed",
                journal.get(0));
        assertEquals(1, journal.stream().filter(l -> l.startsWith("lost ") || l.startsWith("ended ")).count(),
                journal.toString());
        assertEquals(1, ended.size());
    }

    @Test
    @DisplayName("reports a VideoRoom error (no such feed) as the end of the subscription")
    void pluginError() {
        subscribe(ALICE, Set.of(MediaType.AUDIO, MediaType.VIDEO));
        long handle = handle();
        fromJanus("{\"janus\":\"event\",\"session_id\":" + session.id() + ",\"sender\":" + handle
                + ",\"plugindata\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"videoroom\":\"event\","
                + "\"error_code\":428,\"error\":\"No such feed (4de443e2)\"}}}");
        assertTrue(journal.contains("ended janus-handle:" + handle
                + " Janus refused the subscription: 428 No such feed (4de443e2)"), journal.toString());
    }

    @Test
    @DisplayName("reports a failure before Janus gave it a handle under its own key")
    void failureBeforeHandle() {
        janus.refuse(request -> "attach".equals(FakeJanus.kind(request)) ? "403 Unauthorized request" : null);
        subscribe(ALICE, Set.of(MediaType.AUDIO, MediaType.VIDEO));
        assertEquals(List.of("bind janus-subscription:r1 to r1", "janus attach",
                "ended janus-subscription:r1 attaching a subscriber handle failed: Janus refused the request: "
                        + "403 Unauthorized request"), journal);
        subscribe(null, Set.of(MediaType.AUDIO));
        assertTrue(journal.get(journal.size() - 1).endsWith("Janus has not reported this endpoint as publishing"));
    }

    @Test
    @DisplayName("abandons the handle without joining when the session ended before the bind")
    void sessionOverBeforeBind() {
        subscribe(ALICE, Set.of(MediaType.AUDIO, MediaType.VIDEO));
        journal.clear();
        janus.requests.clear();
        signals.refuseBinds();
        subscribe(ALICE, Set.of(MediaType.AUDIO, MediaType.VIDEO));
        assertEquals(List.of(), janus.sent("join"));
        assertEquals(List.of("bind janus-subscription:r1 to r1"), journal);
    }

    @Test
    @DisplayName("detaches on close and reports nothing afterwards")
    void close() {
        JanusSubscription subscription = subscribe(ALICE, Set.of(MediaType.AUDIO, MediaType.VIDEO));
        long handle = handle();
        subscription.close();
        subscription.close();
        journal.clear();
        fromJanus(String.format(ATTACHED, session.id(), handle));
        subscription.connectionLost("gone");
        assertEquals(List.of(), journal);
        assertEquals(1, janus.sent("detach").size());
    }

    @Test
    @DisplayName("drops a malformed candidate with a log line and goes on")
    void malformedCandidate() {
        subscribe(ALICE, Set.of(MediaType.AUDIO, MediaType.VIDEO));
        long handle = handle();
        journal.clear();
        fromJanus("{\"janus\":\"trickle\",\"session_id\":" + session.id() + ",\"sender\":" + handle
                + ",\"candidate\":{\"candidate\":42}}");
        fromJanus("{\"janus\":\"trickle\",\"session_id\":" + session.id() + ",\"sender\":" + handle
                + ",\"candidate\":\"nonsense\"}");
        fromJanus(String.format(ATTACHED, session.id(), handle));
        assertEquals(List.of("offer janus-handle:" + handle + " v=0 offer-1"), journal);
    }
}
