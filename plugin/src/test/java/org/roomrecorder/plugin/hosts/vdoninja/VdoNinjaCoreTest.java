package org.roomrecorder.plugin.hosts.vdoninja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.plugin.app.PluginConfig;
import org.roomrecorder.plugin.config.ConfigLoader;
import org.roomrecorder.plugin.core.RecordRules;
import org.roomrecorder.plugin.core.RecordingCore;
import org.roomrecorder.plugin.logging.Slf4jContextLogger;
import org.roomrecorder.plugin.metrics.PluginMetrics;
import org.roomrecorder.plugin.spi.HostContext;
import org.roomrecorder.plugin.testing.FakeWorker;
import org.roomrecorder.plugin.worker.WorkerPool;
import org.roomrecorder.protocol.Close;
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.transport.ProtocolClient;
import org.roomrecorder.protocol.transport.Waits;

/**
 * The adapter under the real routing core, with a fake worker on a real socket file and the scripted signaling
 * server: what the core does with what the adapter reports (sessions, generations, resumes) is the core's own.
 */
@DisplayName("The VDO.Ninja host under the real routing core")
class VdoNinjaCoreTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private FakeWorker worker;
    private FakeSignalingServer server;
    private RecordingCore core;
    private ProtocolClient client;
    private ScheduledExecutorService timer;

    @AfterEach
    void stop() throws Exception {
        core.close(Duration.ofSeconds(2));
        client.close();
        timer.shutdownNow();
        worker.stop();
        server.close();
    }

    private void start() throws Exception {
        worker = FakeWorker.start(dir.resolve("w1.sock"), "w1", 8);
        server = new FakeSignalingServer();
        PluginConfig config = PluginConfig.load(new ConfigLoader(getClass().getClassLoader()),
                ConfigFactory.parseString("room-recorder.plugin { host = vdoninja, workers = [\"" + worker.socket()
                        + "\"], "
                        + "worker-connection { reconnect-min-delay = 5 ms, reconnect-max-delay = 50 ms }, "
                        + "metrics.port = 0, hosts.vdoninja { url = \"" + server.url() + "\", room = studio, "
                        + "mode = official, reconnect-min-delay = 50 ms, reconnect-max-delay = 200 ms } }"), null);
        timer = Executors.newSingleThreadScheduledExecutor();
        client = new ProtocolClient(config.workers().transport(), "test-plugin");
        PluginMetrics metrics = new PluginMetrics();
        WorkerPool pool = new WorkerPool(config.workers(), client, timer, Executors.newCachedThreadPool(), metrics,
                Clock.systemUTC());
        VdoNinjaHost host = (VdoNinjaHost) new VdoNinjaHostProvider().create(new HostContext(
                config.hostConfig(), Slf4jContextLogger.create("test", Map.of())));
        core = new RecordingCore(host, pool, new RecordRules(config.record()), config.routing(), metrics, timer,
                Clock.systemUTC(), Slf4jContextLogger.create("org.roomrecorder.plugin", Map.of()));
        core.start();
    }

    /** The first open of this endpoint and generation that is none of {@code before}. */
    private Open awaitOpen(String endpoint, int generation, Open... before) {
        Waits.until(WAIT, () -> open(endpoint, generation, before) != null, endpoint + " gen " + generation
                + " opened, in " + worker.opens.values());
        return open(endpoint, generation, before);
    }

    private Open open(String endpoint, int generation, Open... before) {
        return worker.opens.values().stream().filter(o -> o.endpoint().equals(endpoint)
                && o.generation() == generation && !List.of(before).contains(o)).findFirst().orElse(null);
    }

    private List<JsonNode> receivedOn(int connection, String kind) {
        return server.received.stream().filter(r -> r.startsWith(connection + " "))
                .map(r -> NinjaJson.parse(r.substring(r.indexOf(' ') + 1)))
                .filter(m -> kind.equals(m.path("request").asText(m.has("description") ? "description" : "")))
                .toList();
    }

    private void awaitReceived(int connection, String kind, int count) {
        Waits.until(WAIT, () -> receivedOn(connection, kind).size() >= count, count + " " + kind + " on connection "
                + connection + " in " + server.received);
    }

    private Offer awaitOffer(String session) {
        Waits.until(WAIT, () -> worker.received.stream()
                        .anyMatch(m -> m instanceof Offer && m.session().equals(session)),
                "an offer for " + session);
        return (Offer) worker.received.stream().filter(m -> m instanceof Offer && m.session().equals(session))
                .reduce((a, b) -> b).orElseThrow();
    }

    @Test
    @DisplayName("records each listed publisher on its own session, answers with its session token, and resumes"
            + " after the server is lost")
    void recordsAndResumes() throws Exception {
        start();
        NinjaCrypto crypto = new NinjaCrypto("someEncryptionKey123", "vdo.ninja");
        Publisher alice = new Publisher("uuid-alice", "alice" + crypto.streamSuffix(), crypto, null);
        Publisher bob = new Publisher("uuid-bob", "bob" + crypto.streamSuffix(), crypto, null);
        awaitReceived(1, "joinroom", 1);
        server.send(Publisher.listing(alice, bob));
        Open aliceOpen = awaitOpen("uuid-alice", 0);
        Open bobOpen = awaitOpen("uuid-bob", 0);
        assertEquals("alice", aliceOpen.streamId());
        awaitReceived(1, "play", 2);
        // Offers in the reverse order of the plays; each SDP names the session it must reach.
        server.send(bob.offer("bobS1", "v=0 " + bobOpen.session()));
        server.send(alice.candidates("aliceS1", "candidate:1 " + aliceOpen.session()));
        server.send(alice.offer("aliceS1", "v=0 " + aliceOpen.session()));
        assertEquals("v=0 " + aliceOpen.session(), awaitOffer(aliceOpen.session()).sdp());
        assertEquals("v=0 " + bobOpen.session(), awaitOffer(bobOpen.session()).sdp());
        awaitReceived(1, "description", 2);
        for (JsonNode answer : receivedOn(1, "description")) {
            String uuid = answer.get("UUID").textValue();
            String plain = crypto.decrypt(answer.get("description").textValue(), answer.get("vector").textValue());
            String session = uuid.equals("uuid-alice") ? aliceOpen.session() : bobOpen.session();
            assertEquals(uuid.equals("uuid-alice") ? "aliceS1" : "bobS1", answer.get("session").textValue());
            assertTrue(plain.contains("answer from w1 to v=0 " + session), plain);
        }
        assertEquals(List.of(), worker.violations);

        // Alice opens a new connection: a new generation, which takes her new offer without another play.
        server.send(alice.offer("aliceS2", "v=0 second connection"));
        Open second = awaitOpen("uuid-alice", 1);
        assertEquals("v=0 second connection", awaitOffer(second.session()).sdp());
        Waits.until(WAIT, () -> worker.closes.contains(aliceOpen.session()), "the first generation closed");
        assertEquals(2, receivedOn(1, "play").size());

        // The server goes away: both recordings close as host-lost and resume in their generation once rejoined.
        server.dropConnections();
        Waits.until(WAIT, () -> worker.closes.contains(bobOpen.session()), "bob's session closed");
        assertEquals("host-lost", worker.received.stream().filter(m -> m instanceof Close
                && m.session().equals(bobOpen.session())).map(m -> ((Close) m).reason()).findFirst().orElseThrow());
        awaitReceived(2, "joinroom", 1);
        server.send(Publisher.listing(alice, bob));
        Open resumed = awaitOpen("uuid-bob", 0, bobOpen);
        assertTrue(resumed.firstSegment() >= 1, "bob resumes in generation 0 from a later segment: " + resumed);
        assertEquals(1, awaitOpen("uuid-alice", 1, second).generation());
        awaitReceived(2, "play", 2);
        server.send(bob.offer("bobS2", "v=0 " + resumed.session()));
        assertEquals("v=0 " + resumed.session(), awaitOffer(resumed.session()).sdp());
    }
}
