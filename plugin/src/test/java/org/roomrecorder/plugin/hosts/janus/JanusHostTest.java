package org.roomrecorder.plugin.hosts.janus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jitsi.utils.MediaType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.roomrecorder.plugin.logging.Slf4jContextLogger;
import org.roomrecorder.plugin.spi.ConferenceHost;
import org.roomrecorder.plugin.spi.ConferenceId;
import org.roomrecorder.plugin.spi.EndpointId;
import org.roomrecorder.plugin.spi.HostContext;
import org.roomrecorder.plugin.spi.SubscribeRequest;
import org.roomrecorder.protocol.transport.Waits;

@DisplayName("The Janus host, against a fake Janus on a real WebSocket")
class JanusHostTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<String> journal = new CopyOnWriteArrayList<>();
    private final RecordingListener core = new RecordingListener();
    private final RecordingSignals signals = new RecordingSignals(journal);
    private FakeJanusServer janus;
    private ConferenceHost host;

    private void start(String settings) throws Exception {
        start(settings, 1);
    }

    /**
     * Starts the host, with these settings over the defaults, against a fake Janus whose room has Alice in it and
     * which sends each message in this many frames.
     */
    private void start(String settings, int fragments) throws Exception {
        janus = new FakeJanusServer(journal);
        janus.fragment(fragments);
        janus.publishers.add((ObjectNode) JanusJson.parse("{\"id\":\"alice\",\"display\":\"Alice\",\"streams\":"
                + "[{\"type\":\"audio\",\"mindex\":0,\"mid\":\"0\",\"codec\":\"opus\"},{\"type\":\"video\","
                + "\"mindex\":1,\"mid\":\"1\",\"codec\":\"vp8\"}]}"));
        Config config = ConfigFactory.parseString("url = \"" + janus.url() + "\", room-poll-interval = 200 ms, "
                        + "reconnect-min-delay = 50 ms, reconnect-max-delay = 200 ms, max-message-bytes = 65536, "
                        + settings)
                .withFallback(ConfigFactory.defaultReference().getConfig(JanusConfig.PATH));
        host = new JanusHostProvider().create(new HostContext(config, Slf4jContextLogger.create("test", Map.of())));
        host.start(core, signals);
    }

    @AfterEach
    void stop() throws Exception {
        host.close();
        janus.close();
    }

    private void waitFor(String event) {
        Waits.until(WAIT, () -> core.events.contains(event), event + " in " + core.events);
    }

    @Test
    @DisplayName("reports a publisher already in the room as joined, in replies split over several frames")
    void alreadyPublishing() throws Exception {
        start("", 3);
        waitFor("added 1234/alice [0:AUDIO, 1:VIDEO]");
        assertEquals(List.of("joined 1234/alice Alice", "added 1234/alice [0:AUDIO, 1:VIDEO]"), core.take());
    }

    @Test
    @DisplayName("in event-handler mode, takes one snapshot of each room and leaves it")
    void snapshotOnly() throws Exception {
        start("events = event-handler, event-handler.port = 0, keepalive-interval = 1 s");
        waitFor("added 1234/alice [0:AUDIO, 1:VIDEO]");
        Waits.until(WAIT, () -> journal.contains("janus detach"), "the observer's detach in " + journal);
        List<String> watching = journal.stream().filter(l -> !l.equals("janus keepalive")).toList();
        assertEquals(List.of("janus create", "janus attach", "janus list", "janus attach", "janus join", "janus leave",
                "janus detach"), watching);
        // A keepalive after the detach means a second has passed on the adapter's own timers: five poll intervals.
        long keepalives = journal.stream().filter(l -> l.equals("janus keepalive")).count();
        Waits.until(WAIT, () -> journal.stream().filter(l -> l.equals("janus keepalive")).count() > keepalives,
                "a keepalive after the detach in " + journal);
        assertEquals(1, journal.stream().filter(l -> l.equals("janus list")).count(), "lists the rooms only once");
    }

    @Test
    @DisplayName("binds the handle before the subscriber's join reaches Janus, and hands on Janus's offer")
    void subscribes() throws Exception {
        start("");
        waitFor("added 1234/alice [0:AUDIO, 1:VIDEO]");
        journal.clear();
        host.subscribe(new SubscribeRequest("r1", new ConferenceId("1234"), new EndpointId("alice"),
                Set.of(MediaType.AUDIO, MediaType.VIDEO)));
        Waits.until(WAIT, () -> journal.stream().anyMatch(l -> l.startsWith("offer")), "an offer in " + journal);
        List<String> order = journal.stream().filter(l -> !l.equals("janus keepalive") && !l.equals("janus list"))
                .toList();
        assertEquals("bind janus-subscription:r1 to r1", order.get(0));
        assertEquals("janus attach", order.get(1));
        assertTrue(order.get(2).startsWith("bind janus-handle:"), order.toString());
        assertEquals("janus join", order.get(3));
        String key = order.get(2).substring("bind ".length(), order.get(2).indexOf(" to "));
        assertEquals("offer " + key + " v=0 offer for [{\"feed\":\"alice\"}]", order.get(4));
    }

    @Test
    @DisplayName("reports the subscriptions lost when the connection drops, then reports the publishers again")
    void reconnects() throws Exception {
        start("");
        waitFor("added 1234/alice [0:AUDIO, 1:VIDEO]");
        host.subscribe(new SubscribeRequest("r1", new ConferenceId("1234"), new EndpointId("alice"),
                Set.of(MediaType.AUDIO)));
        Waits.until(WAIT, () -> journal.stream().anyMatch(l -> l.startsWith("offer")), "an offer");
        core.take();
        janus.dropConnections();
        Waits.until(WAIT, () -> journal.stream().anyMatch(l -> l.startsWith("lost janus-handle:")), "the loss");
        assertTrue(journal.stream().noneMatch(l -> l.startsWith("ended ")), "lost, not ended: " + journal);
        waitFor("added 1234/alice [0:AUDIO, 1:VIDEO]");
        assertEquals(List.of("joined 1234/alice Alice", "added 1234/alice [0:AUDIO, 1:VIDEO]"), core.take());
    }

    @Test
    @DisplayName("survives malformed and oversized messages and reports the room's changes after them")
    void hostileMessages() throws Exception {
        start("");
        waitFor("added 1234/alice [0:AUDIO, 1:VIDEO]");
        core.take();
        janus.sendRaw("{not json");
        janus.sendRaw("[1,2,3]");
        janus.sendRaw("{\"janus\":42}");
        janus.sendRaw("{\"janus\":\"event\",\"sender\":\"x\",\"plugindata\":7}");
        janus.sendRaw("{\"janus\":\"event\",\"padding\":\"" + "x".repeat(70_000) + "\"}");
        janus.event(janus.observerHandle(), (ObjectNode) JanusJson.parse(
                "{\"videoroom\":\"event\",\"room\":\"1234\",\"unpublished\":\"alice\"}"));
        janus.event(janus.observerHandle(), (ObjectNode) JanusJson.parse(
                "{\"videoroom\":\"event\",\"room\":\"1234\",\"unpublished\":\"alice\"}"));
        janus.event(janus.observerHandle(), (ObjectNode) JanusJson.parse(
                "{\"videoroom\":\"event\",\"room\":\"1234\",\"leaving\":\"alice\"}"));
        waitFor("left 1234/alice");
        assertEquals(List.of("removed 1234/alice [0:AUDIO, 1:VIDEO]", "left 1234/alice"), core.take());
    }

    @Test
    @DisplayName("tells a publisher whose id is \"ok\" leaving from Janus's answer to the observer's own leave")
    void aPublisherCalledOk() throws Exception {
        start("");
        waitFor("added 1234/alice [0:AUDIO, 1:VIDEO]");
        core.take();
        janus.event(janus.observerHandle(), (ObjectNode) JanusJson.parse("{\"videoroom\":\"event\",\"room\":\"1234\","
                + "\"publishers\":[{\"id\":\"ok\",\"display\":\"OK\",\"streams\":[{\"type\":\"audio\",\"mindex\":0,"
                + "\"mid\":\"0\",\"codec\":\"opus\"}]}]}"));
        waitFor("added 1234/ok [0:AUDIO]");
        janus.event(janus.observerHandle(), (ObjectNode) JanusJson.parse(
                "{\"videoroom\":\"event\",\"room\":\"1234\",\"leaving\":\"ok\"}"));
        waitFor("left 1234/ok");
    }
}
