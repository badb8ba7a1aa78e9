package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.it.janus.JanusPublisher;
import org.roomrecorder.it.janus.JanusPublishers;
import org.roomrecorder.it.janus.JanusServer;
import org.roomrecorder.protocol.transport.Waits;

/** The Janus harness alone: real Janus, real webrtc-java publishers in a VideoRoom, no plugin, no worker. */
class JanusHarnessIT {
    private static final String ROOM = "harness";

    @TempDir
    Path dir;
    private TestNetwork network;
    private JanusServer janus;
    private JanusPublishers publishers;

    @BeforeEach
    void start() throws Exception {
        network = new TestNetwork();
        janus = JanusServer.start(network, dir.resolve("janus"), new JanusServer.Settings(List.of(ROOM), 16, 256_000,
                null));
        publishers = JanusPublishers.start(janus, network, dir.resolve("farm.log"), 15);
    }

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(publishers, janus, network);
    }

    @Test
    void publishersGetIntoTheRoomLeaveItAndComeBackAfterJanusRestarts() throws Exception {
        JanusPublisher alice = publishers.create(ROOM, "alice-5f0c", "Alice", 440, new int[] {81, 90, 240});
        JanusPublisher bob = publishers.create(ROOM, "bob-77d1", "Bob", 660, new int[] {145, 54, 34});
        CompletableFuture.allOf(publishers.joinAndPublish(alice), publishers.joinAndPublish(bob))
                .get(20, TimeUnit.SECONDS);
        Waits.until(Duration.ofSeconds(20), () -> alice.isUp() && bob.isUp(), "both PeerConnections up");
        assertEquals(Map.of("alice-5f0c", "Alice/publisher", "bob-77d1", "Bob/publisher"), participants());

        bob.unpublish().get(10, TimeUnit.SECONDS);
        assertEquals(Map.of("alice-5f0c", "Alice/publisher", "bob-77d1", "Bob/listener"), participants());
        bob.leave().get(10, TimeUnit.SECONDS);
        assertEquals(Map.of("alice-5f0c", "Alice/publisher"), participants());

        janus.kill();
        janus.restart();
        publishers.rejoinAll().get(20, TimeUnit.SECONDS);
        Waits.until(Duration.ofSeconds(20), alice::isUp, "alice's PeerConnection up again");
        assertEquals(Map.of("alice-5f0c", "Alice/publisher"), participants());
        assertTrue(publishers.errors().isEmpty(), publishers.errors()::toString);
    }

    @Test
    void twelvePublishersJoinWithinTwoSecondsAndAllGetUp() throws Exception {
        List<JanusPublisher> twelve = new ArrayList<>();
        List<CompletableFuture<Void>> joined = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 12; i++) {
            JanusPublisher p = publishers.create(ROOM, "p" + i, "P" + i, 400 + 150 * i, new int[] {70, 100, 156});
            twelve.add(p);
            joined.add(publishers.join(p));
        }
        CompletableFuture.allOf(joined.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        Duration joining = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(joining.compareTo(Duration.ofSeconds(2)) < 0, "joined in " + joining);
        CompletableFuture.allOf(twelve.stream().map(JanusPublisher::publish).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
        Waits.until(Duration.ofSeconds(30), () -> twelve.stream().allMatch(JanusPublisher::isUp), "12 up");
        assertEquals(12, participants().values().stream().filter(r -> r.endsWith("/publisher")).count());
    }

    /** id → display/role, as listparticipants reports them. */
    private Map<String, String> participants() throws Exception {
        Map<String, String> byId = new TreeMap<>();
        for (JsonNode p : publishers.participants(ROOM).get(10, TimeUnit.SECONDS)) {
            byId.put(p.path("id").asText(), p.path("display").asText() + "/"
                    + (p.path("publisher").asBoolean() ? "publisher" : "listener"));
        }
        return byId;
    }
}
