package org.roomrecorder.plugin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.plugin.testing.FakeSubscription;
import org.roomrecorder.plugin.testing.FakeWorker;
import org.roomrecorder.plugin.testing.PluginHarness;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.transport.Waits;

@DisplayName("Generations the conference already holds (the plugin restarted)")
class GenerationNumberingTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private PluginHarness plugin;

    @AfterEach
    void stop() throws Exception {
        if (plugin != null) {
            plugin.close();
        }
    }

    @Test
    @DisplayName("adopts the worker's number for a new generation, continues it after a loss and numbers on from it")
    void adoptsTheWorkersNumber() throws Exception {
        plugin = PluginHarness.start(dir, "", 8, 8);
        FakeWorker w1 = plugin.worker("w1");
        FakeWorker w2 = plugin.worker("w2");
        w1.takenBelow = 3;
        w2.takenBelow = 3;
        plugin.host.publish("room", "alice");
        FakeSubscription first = plugin.host.awaitSubscription("room", "alice", 0);
        Open open = awaitOpen(first.session());
        assertEquals(0, open.generation(), "the plugin's own numbering starts at 0");
        assertTrue(open.startsGeneration(), "and lets the worker number past what the conference holds");

        FakeWorker holder = w1.opens.containsKey(first.session()) ? w1 : w2;
        FakeWorker other = holder == w1 ? w2 : w1;
        first.offer("first");
        Waits.until(WAIT, () -> first.answers.size() == 1, "the session to be open");
        holder.stop();
        FakeSubscription continued = plugin.host.awaitSubscription("room", "alice", 1);
        Open continuation = awaitOpen(continued.session());
        assertEquals(3, continuation.generation(), "the continuation after the loss records the adopted generation");
        assertNotNull(continuation.gap());
        assertFalse(continuation.startsGeneration(), "a continuation is never renumbered");
        assertTrue(other.opens.containsKey(continued.session()));

        plugin.host.leave("room", "alice");
        plugin.host.publish("room", "alice");
        FakeSubscription rejoined = plugin.host.awaitSubscription("room", "alice", 2);
        assertEquals(4, awaitOpen(rejoined.session()).generation(), "the next generation numbers on from it");
        plugin.host.leave("room", "alice");
        plugin.awaitIdle(WAIT);
    }

    private Open awaitOpen(String session) {
        Waits.until(WAIT, () -> plugin.workers.stream().anyMatch(w -> w.opens.containsKey(session)),
                "the open of " + session);
        return plugin.workers.stream().map(w -> w.opens.get(session)).filter(o -> o != null).findFirst().orElseThrow();
    }
}
