package org.roomrecorder.plugin.hosts.janus;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jitsi.utils.MediaType;
import org.jitsi.utils.logging2.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.roomrecorder.plugin.hosts.JsonFuzzer;
import org.roomrecorder.plugin.hosts.LogWatch;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.logging.Slf4jContextLogger;
import org.roomrecorder.plugin.spi.ConferenceId;
import org.roomrecorder.plugin.spi.ConferenceListener;
import org.roomrecorder.plugin.spi.EndpointId;
import org.roomrecorder.plugin.spi.EndpointInfo;
import org.roomrecorder.plugin.spi.MediaSource;
import org.roomrecorder.plugin.spi.SubscribeRequest;
import org.roomrecorder.protocol.Limits;

/**
 * Seeded fuzzing of the Janus adapter's two inbound doors, each message handled all the way: the event handler's
 * posts (as the listener hands them over) into the room registry, and the WebSocket's messages (as the link hands
 * them over) into the session's dispatch, an observer watching a room and a subscription to a publisher. Nothing may
 * throw, no handler may catch an exception, no log line may carry a raw control character, and every endpoint
 * reported to the core must be one the core can take.
 */
@DisplayName("The Janus adapter's inbound messages, fuzzed")
class JanusInboundFuzzTest {
    private static final Logger LOG = Slf4jContextLogger.create(JanusInboundFuzzTest.class.getName(), Map.of());
    private static final String VIDEOROOM = "{\"janus\":\"event\",\"session_id\":1,\"sender\":%d,\"transaction\":\"t9\","
            + "\"plugindata\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":%s}%s}";
    private static final String STREAMS = "[{\"type\":\"audio\",\"mindex\":0,\"mid\":\"0\",\"codec\":\"opus\"},"
            + "{\"type\":\"video\",\"mindex\":1,\"mid\":\"1\",\"codec\":\"vp8\"},{\"type\":\"data\",\"mid\":\"2\"}]";
    private static final String JSEP = ",\"jsep\":{\"type\":\"offer\",\"sdp\":\"v=0\\r\\no=- 1 1 IN IP4 127.0.0.2\\r\\n\"}";

    /** Posts shaped as Janus 1.1's sampleevh sends them. */
    private static final List<String> POSTS = List.of(
            "[{\"emitter\":\"MyJanusInstance\",\"type\":64,\"timestamp\":1795482089168951,\"session_id\":5732474830998249,"
                    + "\"handle_id\":7450746432581045,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":"
                    + "{\"event\":\"published\",\"room\":\"1234\",\"id\":\"4de443e2-alice\",\"display\":\"Alice\","
                    + "\"streams\":" + STREAMS + "}}}]",
            "{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"event\":\"published\","
                    + "\"room\":1234,\"id\":4242,\"streams\":[{\"type\":\"video\",\"mid\":\"1\"}]}}}",
            "[{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"event\":\"unpublished\","
                    + "\"room\":\"1234\",\"id\":\"4de443e2-alice\"}}},{\"type\":64,\"event\":{\"plugin\":"
                    + "\"janus.plugin.videoroom\",\"data\":{\"event\":\"leaving\",\"room\":1234,\"id\":4242}}}]",
            "[{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"event\":\"kicked\","
                    + "\"room\":\"1234\",\"id\":\"x\"}}},{\"type\":256,\"event\":{\"status\":\"started\"}},"
                    + "{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"event\":\"destroyed\","
                    + "\"room\":1234}}},{\"type\":32,\"event\":{\"media\":\"audio\"}}]");

    /** What Janus sends on the WebSocket: session 1, the observer's handle 2, the subscriber's handle 3. */
    private static final List<String> MESSAGES = List.of(
            VIDEOROOM.formatted(2, "{\"videoroom\":\"joined\",\"room\":1234,\"description\":\"Demo\",\"id\":99,"
                    + "\"private_id\":1,\"publishers\":[{\"id\":\"alice\",\"display\":\"Alice\",\"streams\":" + STREAMS
                    + "},{\"id\":4242,\"streams\":[{\"type\":\"video\",\"mid\":\"1\",\"disabled\":true}]}]}", ""),
            VIDEOROOM.formatted(2, "{\"videoroom\":\"event\",\"room\":1234,\"publishers\":[{\"id\":7,\"display\":"
                    + "\"Bob\",\"streams\":" + STREAMS + "}]}", ""),
            VIDEOROOM.formatted(2, "{\"videoroom\":\"event\",\"room\":1234,\"unpublished\":\"alice\"}", ""),
            VIDEOROOM.formatted(2, "{\"videoroom\":\"event\",\"room\":1234,\"leaving\":4242}", ""),
            VIDEOROOM.formatted(2, "{\"videoroom\":\"event\",\"room\":1234,\"kicked\":7}", ""),
            VIDEOROOM.formatted(2, "{\"videoroom\":\"destroyed\",\"room\":1234}", ""),
            VIDEOROOM.formatted(2, "{\"videoroom\":\"event\",\"error_code\":426,\"error\":\"No such room\"}", ""),
            VIDEOROOM.formatted(3, "{\"videoroom\":\"attached\",\"room\":1234,\"streams\":" + STREAMS + "}", JSEP),
            VIDEOROOM.formatted(3, "{\"videoroom\":\"updated\",\"room\":1234,\"streams\":" + STREAMS + "}", JSEP),
            VIDEOROOM.formatted(3, "{\"videoroom\":\"event\",\"error_code\":428,\"error\":\"No such feed\"}", ""),
            "{\"janus\":\"trickle\",\"session_id\":1,\"sender\":3,\"candidate\":{\"sdpMid\":\"0\",\"sdpMLineIndex\":0,"
                    + "\"candidate\":\"candidate:1 1 udp 2013266431 127.0.0.2 40000 typ host\"}}",
            "{\"janus\":\"trickle\",\"session_id\":1,\"sender\":3,\"candidate\":{\"completed\":true}}",
            "{\"janus\":\"webrtcup\",\"session_id\":1,\"sender\":3}",
            "{\"janus\":\"media\",\"session_id\":1,\"sender\":3,\"type\":\"video\",\"receiving\":true}",
            "{\"janus\":\"hangup\",\"session_id\":1,\"sender\":3,\"reason\":\"DTLS alert\"}",
            "{\"janus\":\"detached\",\"session_id\":1,\"sender\":2}",
            "{\"janus\":\"timeout\",\"session_id\":1}",
            "{\"janus\":\"ack\",\"session_id\":1,\"transaction\":\"t1\"}",
            "{\"janus\":\"error\",\"session_id\":1,\"transaction\":\"t1\",\"error\":{\"code\":458,\"reason\":\"No such"
                    + " session\"}}");

    private final LogWatch logs = new LogWatch();
    private final RemoteLog remoteLog = new RemoteLog();
    private final CheckingListener core = new CheckingListener();

    @AfterEach
    void detach() {
        logs.close();
    }

    @Test
    @DisplayName("event-handler posts: 400,000 mutated posts")
    void eventHandlerPosts() {
        long seed = JsonFuzzer.seed();
        EventHandlerEvents[] events = {null};
        int inputs = JsonFuzzer.inputs(400_000);
        new JsonFuzzer(POSTS).run("event-handler posts", seed, inputs, post -> {
            if (events[0] == null || core.reports > 10_000) {
                core.reports = 0;
                events[0] = new EventHandlerEvents(new RoomRegistry(core, LOG), Runnable::run, LOG, remoteLog);
            }
            events[0].post(post);
        }, logs::check);
        assertTrue(logs.lines() > 0, "the watch saw the adapter's log lines");
        assertTrue(core.total > inputs / 100, "mutated posts still reached the core: " + core.total);
    }

    @Test
    @DisplayName("WebSocket messages: 300,000 mutated messages to an observer and a subscription")
    void webSocketMessages() {
        long seed = JsonFuzzer.seed();
        Fixture[] fixture = {null};
        int inputs = JsonFuzzer.inputs(300_000);
        int[] offers = {0};
        new JsonFuzzer(MESSAGES).run("Janus WebSocket messages", seed, inputs, text -> {
            if (fixture[0] == null || fixture[0].over()) {
                offers[0] += fixture[0] == null ? 0 : fixture[0].offers();
                fixture[0] = new Fixture();
            }
            fixture[0].receive(text);
        }, logs::check);
        assertTrue(offers[0] > inputs / 100, "mutated offers still reached the core: " + offers[0]);
    }

    /** A session on a transport that answers at once, an observer in room 1234 and a subscription to alice. */
    private final class Fixture {
        private final List<String> journal = new ArrayList<>();
        private final RecordingSignals signals = new RecordingSignals(journal);
        private final JanusSession session;
        private boolean over;

        Fixture() {
            session = JanusSession.create(new InstantJanus(), LOG).join();
            RoomRegistry registry = new RoomRegistry(core, LOG);
            new RoomObserver(IntNode.valueOf(1234), true, "room-recorder", registry, Runnable::run,
                    (observer, refused) -> over = true, LOG, remoteLog).start(session);
            new JanusSubscription(new SubscribeRequest("r1", new ConferenceId("1234"), new EndpointId("alice"),
                    Set.of(MediaType.AUDIO, MediaType.VIDEO)), signals, ended -> over = true, LOG, remoteLog)
                    .start(session, new RoomRegistry.Feed(IntNode.valueOf(1234), IntNode.valueOf(7),
                            List.of(new MediaSource("0", MediaType.AUDIO), new MediaSource("1", MediaType.VIDEO))));
        }

        /** What the link does with a message: read it, route it to its handle; a session timeout ends it. */
        void receive(String text) {
            JanusMessage message = JanusMessage.of(JanusJson.parse(text));
            if (message != null && !session.dispatch(message)) {
                over = true;
            }
        }

        boolean over() {
            return over || journal.size() > 1000 || core.reports > 10_000;
        }

        int offers() {
            return (int) journal.stream().filter(line -> line.startsWith("offer ")).count();
        }
    }

    /** Janus answering every request at once: a session (1), then handles (2, 3, ...), ack for the rest. */
    private static final class InstantJanus implements JanusTransport {
        private long ids;

        @Override
        public CompletableFuture<JanusMessage> request(ObjectNode request) {
            ObjectNode reply = JanusJson.object();
            String kind = request.path("janus").asText();
            if (kind.equals("create") || kind.equals("attach")) {
                reply.put("janus", "success").putObject("data").put("id", ++ids);
            } else {
                reply.put("janus", "ack");
            }
            return CompletableFuture.completedFuture(JanusMessage.of(reply));
        }

        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public void close(String reason) {
            // Nothing to close.
        }
    }

    /** The core's side, checking that what it is told is what it can take. */
    private static final class CheckingListener implements ConferenceListener {
        int reports;
        long total;

        private void check(ConferenceId conference, EndpointId endpoint, List<MediaSource> sources) {
            reports++;
            total++;
            if (conference.value().length() > Limits.MAX_ID_CHARS || endpoint.value().length() > Limits.MAX_ID_CHARS) {
                throw new AssertionError("an id longer than " + Limits.MAX_ID_CHARS + " characters reached the core");
            }
            if (sources.size() > PublishedFeed.MAX_STREAMS || sources.stream().anyMatch(s -> s.name().isEmpty()
                    || s.name().length() > Limits.MAX_ID_CHARS)) {
                throw new AssertionError("unusable sources reached the core: " + sources.size());
            }
        }

        @Override
        public void endpointJoined(ConferenceId conference, EndpointId endpoint, EndpointInfo info) {
            check(conference, endpoint, List.of());
            if (info.displayName() != null && info.displayName().length() > Limits.MAX_ID_CHARS) {
                throw new AssertionError("a display name longer than " + Limits.MAX_ID_CHARS + " characters");
            }
        }

        @Override
        public void sourcesAdded(ConferenceId conference, EndpointId endpoint, List<MediaSource> sources) {
            check(conference, endpoint, sources);
        }

        @Override
        public void sourcesRemoved(ConferenceId conference, EndpointId endpoint, List<MediaSource> sources) {
            check(conference, endpoint, sources);
        }

        @Override
        public void endpointLeft(ConferenceId conference, EndpointId endpoint) {
            check(conference, endpoint, List.of());
        }
    }
}
