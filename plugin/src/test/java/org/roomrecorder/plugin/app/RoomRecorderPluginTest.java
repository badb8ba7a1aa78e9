package org.roomrecorder.plugin.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.plugin.config.ConfigInvalidException;
import org.roomrecorder.plugin.testing.FakeHost;
import org.roomrecorder.plugin.testing.FakeHostProvider;
import org.roomrecorder.plugin.testing.FakeSubscription;
import org.roomrecorder.plugin.testing.FakeWorker;
import org.roomrecorder.protocol.Close;
import org.roomrecorder.protocol.transport.Waits;

@DisplayName("The plugin, started as a library")
class RoomRecorderPluginTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private FakeWorker worker;
    private RoomRecorderPlugin plugin;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (plugin != null) {
            plugin.close();
        }
        if (worker != null) {
            worker.stop();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Config config(String extra) throws Exception {
        return ConfigFactory.parseString("room-recorder.plugin { workers = [\"" + dir.resolve("w1.sock")
                + "\"], metrics.port = " + freePort() + ", shutdown-timeout = 2 s }\n" + extra);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plugin.metricsPort() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("starts the adapter the configuration names, serves /metrics and /health, and closes cleanly")
    void startsTheNamedAdapter() throws Exception {
        worker = FakeWorker.start(dir.resolve("w1.sock"), "w1", 4);
        plugin = RoomRecorderPlugin.start(config("room-recorder.plugin { host = fake, hosts.fake.greeting = hi }"));
        FakeHost host = FakeHostProvider.LAST_HOST.get();
        assertEquals("hi", FakeHostProvider.LAST_CONTEXT.get().config().getString("greeting"));

        Waits.until(WAIT, () -> plugin.pool().health().healthy(), "the worker connected");
        host.publish("room", "alice");
        FakeSubscription alice = host.awaitSubscription("room", "alice", 0);
        alice.offer("first");
        Waits.until(WAIT, () -> alice.answers.size() == 1, "the answer");

        HttpResponse<String> metrics = get("/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains(
                "room_recorder_plugin_messages_routed_total{direction=\"to-worker\",kind=\"offer\"} 1.0"),
                metrics.body());
        assertTrue(metrics.body().contains("room_recorder_plugin_sessions{state=\"open\"} 1.0"), metrics.body());
        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        assertTrue(health.body().startsWith("ok: 1 of 1 workers connected"), health.body());

        plugin.close();
        Waits.until(WAIT, () -> worker.received.stream().anyMatch(m -> m instanceof Close c
                && c.session().equals(alice.session()) && c.reason().equals("plugin-shutdown")), "close on shutdown");
        assertTrue(alice.isClosed());
        assertTrue(host.isClosed());
    }

    @Test
    @DisplayName("embeds with the host's own adapter, and reports unhealthy while no worker is reachable")
    void embedsWithAGivenAdapter() throws Exception {
        FakeHost host = new FakeHost();
        plugin = RoomRecorderPlugin.start(config(""), host);
        assertTrue(host.listener() != null, "the host was started");
        HttpResponse<String> health = get("/health");
        assertEquals(503, health.statusCode());
        assertTrue(health.body().contains("0 of 1 workers connected"), health.body());
    }

    @Test
    @DisplayName("refuses an invalid configuration before anything starts")
    void refusesInvalidConfig() throws Exception {
        ConfigInvalidException e = assertThrows(ConfigInvalidException.class,
                () -> RoomRecorderPlugin.start(config("room-recorder.plugin.routing.max-queud-signals = 3"),
                        new FakeHost()));
        assertTrue(e.getMessage().contains("room-recorder.plugin.routing.max-queud-signals"), e.getMessage());
    }
}
