package org.roomrecorder.plugin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.plugin.testing.FakeSubscription;
import org.roomrecorder.plugin.testing.FakeWorker;
import org.roomrecorder.plugin.testing.PluginHarness;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.transport.Waits;

@DisplayName("Worker failover")
class FailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final List<String> ENDPOINTS = List.of("alice", "bob", "carol", "dave");

    @TempDir
    Path dir;
    private PluginHarness plugin;

    @AfterEach
    void stop() throws Exception {
        if (plugin != null) {
            plugin.close();
        }
    }

    private Open openFor(String session) {
        return plugin.workers.stream().map(w -> w.opens.get(session)).filter(o -> o != null).findFirst().orElse(null);
    }

    @Nested
    @DisplayName("when one of two workers dies")
    class WorkerDies {
        @Test
        @DisplayName("re-places its sessions on the other worker, with a new subscription, the next segment and a gap")
        void replacesSessions() throws Exception {
            plugin = PluginHarness.start(dir, "", 8, 8);
            FakeWorker w1 = plugin.worker("w1");
            FakeWorker w2 = plugin.worker("w2");
            for (String endpoint : ENDPOINTS) {
                plugin.host.join("room", endpoint);
                plugin.host.publish("room", endpoint);
                plugin.host.awaitSubscription("room", endpoint, 0).offer("first");
            }
            Waits.until(WAIT, () -> w1.opens.size() + w2.opens.size() == 4, "four opens");
            assertEquals(2, w1.opens.size(), "placement spreads sessions over the least-loaded worker");
            assertEquals(2, w2.opens.size());
            List<String> onW1 = List.copyOf(w1.opens.keySet());
            Instant beforeKill = Instant.now();

            w1.stop();

            Waits.until(WAIT, () -> w2.opens.size() == 4, "w1's two sessions re-opened on w2");
            assertEquals(2, plugin.metric("room_recorder_plugin_sessions_replaced"));
            for (String lost : onW1) {
                Open old = w1.opens.get(lost);
                FakeSubscription oldSubscription = plugin.host.subscriptions.stream()
                        .filter(s -> s.session().equals(lost)).findFirst().orElseThrow();
                assertTrue(oldSubscription.isClosed(), "the old subscription is closed: WebRTC died with the worker");
                FakeSubscription replacement = plugin.host.awaitSubscription("room", old.endpoint(), 1);
                Open open = w2.opens.get(replacement.session());
                assertNotNull(open, "the new subscription's session is open on w2");
                assertNotEquals(lost, replacement.session(), "a new session id");
                assertEquals(old.generation(), open.generation(), "the same generation");
                assertEquals(old.firstSegment() + 1, open.firstSegment(), "the next segment");
                assertNotNull(open.gap());
                assertEquals("worker-lost", open.gap().reason());
                assertTrue(!open.gap().since().isBefore(beforeKill.minusSeconds(1)), "the gap starts at the loss");
                replacement.offer("after failover");
                Waits.until(WAIT, () -> replacement.answers.size() == 1, "the replacement's answer");
                assertTrue(replacement.answers.get(0).startsWith("answer from w2"));
                oldSubscription.candidate(9);
            }
            assertEquals(2, plugin.metric("room_recorder_plugin_stale_routes", "kind", "candidate"));

            w1.restart();
            plugin.awaitWorkersUp(2);
            plugin.host.publish("room", "erin");
            FakeSubscription erin = plugin.host.awaitSubscription("room", "erin", 0);
            Waits.until(WAIT, () -> openFor(erin.session()) != null, "erin's open");
            assertNotNull(w1.opens.get(erin.session()), "the reconnected, empty worker is the least loaded");

            ENDPOINTS.forEach(e -> plugin.host.leave("room", e));
            plugin.host.leave("room", "erin");
            plugin.awaitIdle(WAIT);
            assertEquals(List.of(), w1.violations);
            assertEquals(List.of(), w2.violations);
        }

        @Test
        @DisplayName("lets sessions wait while no worker is up, and places them when one returns")
        void waitsForAWorker() throws Exception {
            plugin = PluginHarness.start(dir, "", 8);
            FakeWorker w1 = plugin.worker("w1");
            w1.stop();
            Waits.until(WAIT, () -> plugin.metric("room_recorder_plugin_worker_up") == 0, "w1 down");
            plugin.host.publish("room", "alice");
            Waits.until(WAIT, () -> plugin.metric("room_recorder_plugin_sessions_waiting_for_worker") == 1,
                    "alice waiting");
            assertEquals(0, plugin.host.subscriptions.size(), "no subscription before a worker has the session");
            w1.restart();
            FakeSubscription alice = plugin.host.awaitSubscription("room", "alice", 0);
            Waits.until(WAIT, () -> w1.opens.containsKey(alice.session()), "alice opened on w1");
            assertNull(w1.opens.get(alice.session()).gap(), "nothing was recorded before, so there is no gap");
            assertEquals(0, plugin.metric("room_recorder_plugin_sessions_waiting_for_worker"));
        }
    }

    @Nested
    @DisplayName("when a worker refuses an open for capacity")
    class OverCapacity {
        @Test
        @DisplayName("places the same session on another worker without touching the subscription")
        void replacesTheRefusedOpen() throws Exception {
            plugin = PluginHarness.start(dir, "", 8, 4);
            FakeWorker w1 = plugin.worker("w1");
            FakeWorker w2 = plugin.worker("w2");
            w1.refuseOpens = ErrorCode.OVER_CAPACITY;
            plugin.host.publish("room", "alice");
            FakeSubscription alice = plugin.host.awaitSubscription("room", "alice", 0);
            alice.offer("first");
            Waits.until(WAIT, () -> alice.answers.size() == 1, "the answer, from w2");
            assertTrue(alice.answers.get(0).startsWith("answer from w2"));
            assertTrue(w2.opens.containsKey(alice.session()), "the same session id, re-placed");
            assertEquals(1, plugin.host.subscriptions.size());
        }
    }
}
