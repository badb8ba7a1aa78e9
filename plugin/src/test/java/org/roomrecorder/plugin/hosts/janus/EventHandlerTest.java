package org.roomrecorder.plugin.hosts.janus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jitsi.utils.logging2.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.logging.Slf4jContextLogger;

@DisplayName("Janus's HTTP event handler")
class EventHandlerTest {
    private static final Logger LOG = Slf4jContextLogger.create("test", Map.of());

    /** Posts as Janus 1.1.2's sampleevh sent them (grouping = true, json = compact) while a browser published. */
    private static final List<String> POSTS = List.of(
            "[{\"emitter\":\"MyJanusInstance\",\"type\":64,\"timestamp\":1795482088886476,\"session_id\":"
                    + "5732474830998249,\"handle_id\":7450746432581045,\"event\":{\"plugin\":\"janus.plugin.videoroom\","
                    + "\"data\":{\"event\":\"joined\",\"room\":\"1234\",\"id\":\"4de443e2-alice\",\"private_id\":"
                    + "2538067530,\"display\":\"Alice\"}}}]",
            "[{\"emitter\":\"MyJanusInstance\",\"type\":64,\"timestamp\":1795482089168951,\"session_id\":"
                    + "5732474830998249,\"handle_id\":7450746432581045,\"event\":{\"plugin\":\"janus.plugin.videoroom\","
                    + "\"data\":{\"event\":\"published\",\"room\":\"1234\",\"id\":\"4de443e2-alice\",\"display\":"
                    + "\"Alice\",\"streams\":[{\"type\":\"audio\",\"mindex\":0,\"mid\":\"0\",\"codec\":\"opus\"},"
                    + "{\"type\":\"video\",\"mindex\":1,\"mid\":\"1\",\"codec\":\"vp8\"}]}}}]",
            "[{\"emitter\":\"MyJanusInstance\",\"type\":64,\"timestamp\":1795482095120379,\"event\":{\"plugin\":"
                    + "\"janus.plugin.videoroom\",\"data\":{\"event\":\"unpublished\",\"room\":\"1234\",\"id\":"
                    + "\"4de443e2-alice\"}}}]",
            "[{\"emitter\":\"MyJanusInstance\",\"type\":64,\"timestamp\":1795482095156623,\"event\":{\"plugin\":"
                    + "\"janus.plugin.videoroom\",\"data\":{\"event\":\"unpublished\",\"room\":\"1234\",\"id\":"
                    + "\"4de443e2-alice\"}}}]",
            "[{\"emitter\":\"MyJanusInstance\",\"type\":64,\"timestamp\":1795482098120183,\"event\":{\"plugin\":"
                    + "\"janus.plugin.videoroom\",\"data\":{\"event\":\"leaving\",\"room\":\"1234\",\"id\":"
                    + "\"4de443e2-alice\"}}}]");

    private final RecordingListener core = new RecordingListener();
    private final RemoteLog remoteLog = new RemoteLog();
    private final EventHandlerEvents events = new EventHandlerEvents(new RoomRegistry(core, LOG), Runnable::run, LOG,
            remoteLog);

    private void post(String json) {
        events.accept(JanusJson.parse(json));
    }

    @Test
    @DisplayName("turns Janus's real posts into one join, one unpublish and one departure")
    void realPosts() {
        POSTS.forEach(this::post);
        assertEquals(List.of(
                "joined 1234/4de443e2-alice Alice",
                "added 1234/4de443e2-alice [0:AUDIO, 1:VIDEO]",
                "removed 1234/4de443e2-alice [0:AUDIO, 1:VIDEO]",
                "left 1234/4de443e2-alice"), core.take());
    }

    @Test
    @DisplayName("reads ungrouped posts, numeric ids, room destruction, and skips other plugins and event types")
    void otherShapes() {
        post("{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"event\":\"published\","
                + "\"room\":1234,\"id\":4242,\"streams\":[{\"type\":\"video\",\"mid\":\"1\"}]}}}");
        post("[{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.echotest\",\"data\":{\"event\":\"published\","
                + "\"room\":1,\"id\":1}}},{\"type\":256,\"event\":{\"status\":\"started\"}},{\"type\":32},"
                + "{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"event\":\"destroyed\","
                + "\"room\":1234}}}]");
        assertEquals(List.of("joined 1234/4242 null", "added 1234/4242 [1:VIDEO]", "left 1234/4242"), core.take());
    }

    @Test
    @DisplayName("skips malformed entries and goes on with the rest of the post")
    void malformed() {
        post("[42, \"text\", null, {\"type\":\"64\"}, {\"type\":64,\"event\":\"x\"},"
                + "{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"event\":\"published\"}}},"
                + "{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"event\":\"published\","
                + "\"room\":[1],\"id\":\"p\"}}},"
                + "{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"event\":\"published\","
                + "\"room\":\"r\",\"id\":\"" + "p".repeat(5000) + "\"}}},"
                + "{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"event\":\"leaving\","
                + "\"room\":\"r\"}}},"
                + "{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"event\":\"published\","
                + "\"room\":\"r\",\"id\":\"ok\",\"display\":\"\\u001b[2J\\nroot\",\"streams\":[]}}}]");
        assertEquals(List.of("joined r/ok \u001b[2J\nroot"), core.take());
    }

    @Nested
    @DisplayName("over HTTP")
    class OverHttp {
        private final EventHandlerServer server = start();
        private final HttpClient client = HttpClient.newHttpClient();

        private EventHandlerServer start() {
            try {
                return EventHandlerServer.start(new JanusConfig.EventHandlerConfig(InetAddress.getLoopbackAddress(), 0,
                        "/janus-events", 65_536, 4, Duration.ofSeconds(5), Duration.ofSeconds(5)), events, LOG,
                        remoteLog);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @AfterEach
        void stop() {
            server.close();
        }

        private int send(String method, String body) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/janus-events")).method(method, HttpRequest.BodyPublishers.ofString(body)).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }

        @Test
        @DisplayName("answers 200 to a post and reports its events")
        void post() throws Exception {
            assertEquals(200, send("POST", POSTS.get(1)));
            assertEquals(List.of("joined 1234/4de443e2-alice Alice", "added 1234/4de443e2-alice [0:AUDIO, 1:VIDEO]"),
                    core.take());
        }

        @Test
        @DisplayName("refuses what is not JSON (400), too large (413) or not a POST (405)")
        void refusals() throws Exception {
            assertEquals(400, send("POST", "{\"type\":64,"));
            assertEquals(413, send("POST", "[" + "{},".repeat(30_000) + "{}]"));
            assertEquals(405, send("GET", ""));
            assertEquals(200, send("POST", POSTS.get(1)));
            assertEquals(2, core.take().size());
        }
    }
}
