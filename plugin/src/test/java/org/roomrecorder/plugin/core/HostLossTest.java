package org.roomrecorder.plugin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.plugin.testing.FakeSubscription;
import org.roomrecorder.plugin.testing.FakeWorker;
import org.roomrecorder.plugin.testing.PluginHarness;
import org.roomrecorder.protocol.Close;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.transport.Waits;

@DisplayName("When the host loses its media server")
class HostLossTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private PluginHarness plugin;
    private FakeWorker worker;

    @AfterEach
    void stop() throws Exception {
        if (plugin != null) {
            plugin.close();
        }
    }

    private void start(String config) throws Exception {
        plugin = PluginHarness.start(dir, config, 8);
        worker = plugin.worker("w1");
    }

    private Open awaitOpen(FakeSubscription subscription) {
        Waits.until(WAIT, () -> worker.opens.containsKey(subscription.session()),
                "the open of " + subscription.session());
        return worker.opens.get(subscription.session());
    }

    private String awaitCloseReason(FakeSubscription subscription) {
        Waits.until(WAIT, () -> worker.closes.contains(subscription.session()),
                "the close of " + subscription.session());
        return worker.received.stream().filter(m -> m instanceof Close && m.session().equals(subscription.session()))
                .map(m -> ((Close) m).reason()).findFirst().orElseThrow();
    }

    /** Alice records with her first session opened by the worker (so its open instant is known); returns it. */
    private FakeSubscription aliceRecording() {
        plugin.host.join("room", "alice");
        plugin.host.publish("room", "alice");
        FakeSubscription first = plugin.host.awaitSubscription("room", "alice", 0);
        first.offer("first");
        Waits.until(WAIT, () -> first.answers.size() == 1, "the worker's answer: the session is open");
        return first;
    }

    /** Alice's subscription is lost with the server; her session closes as host-lost. Returns the loss instant. */
    private Instant loseTheServer(FakeSubscription subscription) {
        Instant before = plugin.clock.instant();
        subscription.lostWithServer("janus restarted");
        assertEquals("host-lost", awaitCloseReason(subscription));
        return before;
    }

    /** The host reports her gone, then back and publishing, as an adapter does after it reconnected. */
    private FakeSubscription leavesAndComesBack() {
        plugin.host.leave("room", "alice");
        plugin.awaitIdle(WAIT);
        plugin.host.join("room", "alice");
        plugin.host.publish("room", "alice");
        return plugin.host.awaitSubscription("room", "alice", 1);
    }

    private static void assertGap(Open open, Instant notBefore, Instant notAfter) {
        assertNotNull(open.gap(), "the manifest gets a gap");
        assertEquals("host-lost", open.gap().reason());
        assertFalse(open.gap().since().isBefore(notBefore), "the gap starts at the loss: " + open.gap());
        assertFalse(open.gap().since().isAfter(notAfter), "the gap starts at the loss: " + open.gap());
    }

    @Test
    @DisplayName("continues the generation from the next segment, with a gap, when the endpoint is back in time")
    void resumesWithinTheWindow() throws Exception {
        start("");
        FakeSubscription first = aliceRecording();
        Instant beforeLoss = loseTheServer(first);
        Instant afterLoss = plugin.clock.instant();

        FakeSubscription second = leavesAndComesBack();

        Open old = worker.opens.get(first.session());
        Open open = awaitOpen(second);
        assertEquals(old.generation(), open.generation(), "the same generation");
        assertEquals(old.firstSegment() + 1, open.firstSegment(), "the next segment");
        assertGap(open, beforeLoss, afterLoss);
        assertEquals(List.of(), worker.violations);
    }

    @Test
    @DisplayName("continues when the endpoint is reported publishing again without having left (a reconnect)")
    void resumesWhenReportedAgain() throws Exception {
        start("");
        FakeSubscription first = aliceRecording();
        Instant beforeLoss = loseTheServer(first);

        plugin.host.join("room", "alice");
        plugin.host.publish("room", "alice");

        Open open = awaitOpen(plugin.host.awaitSubscription("room", "alice", 1));
        assertEquals(0, open.generation());
        assertEquals(1, open.firstSegment());
        assertGap(open, beforeLoss, plugin.clock.instant());
    }

    @Test
    @DisplayName("numbers past every segment the lost session can have rotated into")
    void skipsRotatedSegments() throws Exception {
        start("room-recorder.plugin.record.options.segment-duration = 10 s");
        FakeSubscription first = aliceRecording();
        plugin.clock.advance(Duration.ofSeconds(25));
        loseTheServer(first);

        Open open = awaitOpen(leavesAndComesBack());
        assertEquals(0, open.generation());
        assertEquals(3, open.firstSegment(), "segments 0, 1 and 2 may exist (25 s of 10 s segments, 2 s slack)");
        assertNotNull(open.gap());
    }

    @Test
    @DisplayName("starts the next generation, without a gap, when the endpoint is back after the window")
    void newGenerationAfterTheWindow() throws Exception {
        start("room-recorder.plugin.routing.resume-window = 1 minute");
        FakeSubscription first = aliceRecording();
        loseTheServer(first);
        plugin.clock.advance(Duration.ofSeconds(61));

        Open open = awaitOpen(leavesAndComesBack());
        assertEquals(1, open.generation(), "the next generation");
        assertEquals(0, open.firstSegment());
        assertNull(open.gap());
    }

    @Test
    @DisplayName("never continues with a resume window of 0 s")
    void windowZeroNeverResumes() throws Exception {
        start("room-recorder.plugin.routing.resume-window = 0 s");
        loseTheServer(aliceRecording());

        Open open = awaitOpen(leavesAndComesBack());
        assertEquals(1, open.generation());
        assertEquals(0, open.firstSegment());
        assertNull(open.gap());
    }

    @Test
    @DisplayName("continues only once: the session after the resumed one is the next generation")
    void resumesOnce() throws Exception {
        start("");
        loseTheServer(aliceRecording());
        FakeSubscription resumed = leavesAndComesBack();
        assertNotNull(awaitOpen(resumed).gap());

        plugin.host.leave("room", "alice");
        plugin.awaitIdle(WAIT);
        plugin.host.join("room", "alice");
        plugin.host.publish("room", "alice");

        Open open = awaitOpen(plugin.host.awaitSubscription("room", "alice", 2));
        assertEquals(1, open.generation());
        assertEquals(0, open.firstSegment());
        assertNull(open.gap());
    }

    @Test
    @DisplayName("treats an ordinary end of the subscription as before: closed, and a re-join is the next generation")
    void endedIsNotLost() throws Exception {
        start("");
        FakeSubscription first = aliceRecording();
        first.endedByServer("hangup");
        assertEquals("subscription-ended", awaitCloseReason(first));

        Open open = awaitOpen(leavesAndComesBack());
        assertEquals(1, open.generation());
        assertEquals(0, open.firstSegment());
        assertNull(open.gap());
    }
}
