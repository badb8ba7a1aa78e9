package org.roomrecorder.plugin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jitsi.utils.MediaType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.plugin.spi.HostKey;
import org.roomrecorder.plugin.spi.IceCandidate;
import org.roomrecorder.plugin.spi.MediaSource;
import org.roomrecorder.plugin.testing.FakeSubscription;
import org.roomrecorder.plugin.testing.FakeWorker;
import org.roomrecorder.plugin.testing.PluginHarness;
import org.roomrecorder.protocol.Answer;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.Close;
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.Opened;
import org.roomrecorder.protocol.ToWorker;
import org.roomrecorder.protocol.transport.Waits;

@DisplayName("The routing core")
class RoutingTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private PluginHarness plugin;

    private PluginHarness start(String config) throws Exception {
        plugin = PluginHarness.start(dir, config, 8);
        return plugin;
    }

    @AfterEach
    void stop() throws Exception {
        if (plugin != null) {
            plugin.close();
        }
    }

    private FakeWorker worker() {
        return plugin.workers.get(0);
    }

    private <T extends ToWorker> List<T> received(Class<T> type, String session) {
        return worker().received.stream().filter(type::isInstance).map(type::cast)
                .filter(m -> m.session().equals(session)).toList();
    }

    private void awaitReceived(Class<? extends ToWorker> type, String session, int count) {
        Waits.until(WAIT, () -> received(type, session).size() >= count,
                count + " " + type.getSimpleName() + " for " + session);
    }

    private double metric(String name, String... labels) {
        return plugin.metric("room_recorder_plugin_" + name, labels);
    }

    @Nested
    @DisplayName("for an endpoint the rules record")
    class Recording {
        @Test
        @DisplayName("registers the route before it subscribes, then opens the session on a worker")
        void registersTheRouteFirst() throws Exception {
            start("");
            boolean[] routedAtSubscribe = new boolean[1];
            plugin.host.onSubscribe(subscription -> routedAtSubscribe[0] = plugin.core.routes().sessions() == 1
                    && subscription.bind());
            plugin.host.join("room", "alice");
            plugin.host.publish("room", "alice");
            FakeSubscription subscription = plugin.host.awaitSubscription("room", "alice", 0);
            assertTrue(routedAtSubscribe[0], "the session was routable when the host was asked to subscribe");
            awaitReceived(Open.class, subscription.session(), 1);
            Open open = received(Open.class, subscription.session()).get(0);
            assertEquals("room", open.conference());
            assertEquals("alice", open.endpoint());
            assertEquals("stream-alice", open.streamId());
            assertEquals(0, open.generation());
            assertEquals(0, open.firstSegment());
            assertNull(open.gap());
            assertEquals(java.util.Set.of(MediaType.AUDIO, MediaType.VIDEO), subscription.request.media());
        }

        @Test
        @DisplayName("routes offers and candidates to the worker, and answers and candidates back")
        void routesBothWays() throws Exception {
            start("");
            plugin.host.publish("room", "alice");
            FakeSubscription subscription = plugin.host.awaitSubscription("room", "alice", 0);
            subscription.offer("first");
            subscription.candidate(1);
            subscription.endOfCandidatesFromServer();
            Waits.until(WAIT, () -> subscription.answers.size() == 1 && subscription.candidates.size() == 1
                    && subscription.endOfCandidates.get() == 1, "answer, candidate and end-of-candidates");
            assertTrue(subscription.answers.get(0).contains("s=first"));
            subscription.offer("renegotiated");
            Waits.until(WAIT, () -> subscription.answers.size() == 2, "the renegotiation's answer");
            assertEquals(2, received(Offer.class, subscription.session()).size());
            assertEquals(List.of(), subscription.misrouted);
            assertEquals(List.of(), worker().violations);
            assertEquals(2, metric("messages_routed", "kind", "offer", "direction", "to-worker"));
            assertEquals(2, metric("messages_routed", "kind", "answer", "direction", "to-host"));
        }

        @Test
        @DisplayName("holds candidates until the worker has opened the session and the offer has gone out")
        void holdsEarlyCandidates() throws Exception {
            start("");
            worker().answerOpens = false;
            plugin.host.publish("room", "alice");
            FakeSubscription subscription = plugin.host.awaitSubscription("room", "alice", 0);
            subscription.candidate(1);
            subscription.candidate(2);
            subscription.offer("late offer");
            subscription.candidate(3);
            awaitReceived(Open.class, subscription.session(), 1);
            assertEquals(4, metric("signals_queued"), "the offer and three candidates wait for 'opened'");
            assertEquals(1, worker().received.size(), "only the open went out: " + worker().received);
            worker().inject(new Opened(subscription.session()));
            awaitReceived(Candidate.class, subscription.session(), 3);
            List<ToWorker> sent = worker().received;
            assertTrue(sent.get(1) instanceof Offer, "the offer goes first: " + sent);
            assertEquals(List.of(1, 2, 3), received(Candidate.class, subscription.session()).stream()
                    .map(c -> Integer.parseInt(c.candidate().substring(10, 11))).toList());
            assertEquals(4, metric("signals_queued"));
        }

        @Test
        @DisplayName("closes the session, loudly, when its candidate queue overflows")
        void overflowClosesTheSession() throws Exception {
            start("room-recorder.plugin.routing.max-queued-signals = 3");
            worker().answerOpens = false;
            plugin.host.publish("room", "alice");
            FakeSubscription subscription = plugin.host.awaitSubscription("room", "alice", 0);
            for (int i = 0; i < 4; i++) {
                subscription.candidate(i);
            }
            Waits.until(WAIT, subscription::isClosed, "the subscription to close");
            awaitReceived(Close.class, subscription.session(), 1);
            assertEquals(1, metric("signal_queue_overflows"));
            assertEquals("signal-queue-overflow", received(Close.class, subscription.session()).get(0).reason());
        }

        @Test
        @DisplayName("records only the media the rules want, and tells the worker")
        void recordsConfiguredMedia() throws Exception {
            start("room-recorder.plugin.record.media = audio");
            plugin.host.publish("room", "alice");
            FakeSubscription subscription = plugin.host.awaitSubscription("room", "alice", 0);
            assertEquals(java.util.Set.of(MediaType.AUDIO), subscription.request.media());
            awaitReceived(Open.class, subscription.session(), 1);
            Open open = received(Open.class, subscription.session()).get(0);
            assertTrue(open.options().audio());
            assertFalse(open.options().video());
            plugin.host.publish("room", "bob", List.of(new MediaSource("v", MediaType.VIDEO)));
            plugin.host.publish("other", "carol");
            plugin.host.awaitSubscription("other", "carol", 0);
            assertEquals(2, plugin.host.subscriptions.size(), "bob publishes no audio; carol is recorded");
        }

        @Test
        @DisplayName("never subscribes to an endpoint of an excluded conference")
        void excludedConference() throws Exception {
            start("room-recorder.plugin.record.exclude-conferences = [\"private-*\"]");
            plugin.host.publish("private-1", "alice");
            plugin.host.publish("public-1", "bob");
            plugin.host.awaitSubscription("public-1", "bob", 0);
            assertEquals(1, plugin.host.subscriptions.size());
            assertEquals(1, plugin.core.routes().endpoints());
        }
    }

    @Nested
    @DisplayName("for messages without a live route")
    class Unroutable {
        @Test
        @DisplayName("drops and counts a host key nobody bound")
        void unknownHostKey() throws Exception {
            start("");
            HostKey nobody = new HostKey("fake-handle", "999");
            plugin.host.signals().offer(nobody, FakeSubscription.sdpFor("x", "x"));
            plugin.host.signals().candidate(nobody, new IceCandidate("candidate:1 1 udp 1 1.2.3.4 9 typ host", "0", 0));
            assertEquals(1, metric("unknown_routes", "kind", "offer"));
            assertEquals(1, metric("unknown_routes", "kind", "candidate"));
            assertFalse(plugin.host.signals().bind(nobody, "no-such-session"));
            assertEquals(1, metric("unknown_routes", "kind", "bind"));
        }

        @Test
        @DisplayName("drops and counts worker messages for a session that never existed")
        void unknownSession() throws Exception {
            start("");
            worker().inject(new Answer("7e0b1f4c-0000-4000-8000-000000000000", "v=0\r\n"));
            Waits.until(WAIT, () -> metric("unknown_routes", "kind", "answer") == 1, "the unknown answer counted");
        }

        @Test
        @DisplayName("treats the old generation of a re-joined endpoint as stale")
        void rejoinIsANewGeneration() throws Exception {
            start("");
            plugin.host.join("room", "alice");
            plugin.host.publish("room", "alice");
            FakeSubscription first = plugin.host.awaitSubscription("room", "alice", 0);
            first.offer("g0");
            Waits.until(WAIT, () -> first.answers.size() == 1, "the first answer");
            plugin.host.leave("room", "alice");
            plugin.host.join("room", "alice");
            plugin.host.publish("room", "alice");
            FakeSubscription second = plugin.host.awaitSubscription("room", "alice", 1);
            awaitReceived(Open.class, second.session(), 1);
            assertEquals(1, received(Open.class, second.session()).get(0).generation());
            assertTrue(first.isClosed());
            first.candidate(5);
            first.offer("late");
            assertEquals(1, metric("stale_routes", "kind", "candidate"));
            assertEquals(1, metric("stale_routes", "kind", "offer"));
            awaitReceived(Close.class, first.session(), 1);
            assertEquals(List.of(), worker().violations, "nothing reached the closed session");
            worker().inject(new Answer(first.session(), "late answer " + first.session()));
            Waits.until(WAIT, () -> metric("stale_routes", "kind", "answer") == 1, "the late answer counted stale");
            assertEquals(0, metric("unknown_routes"));
        }
    }

    @Nested
    @DisplayName("with repeated and early events")
    class Events {
        @Test
        @DisplayName("ends the session once when 'unpublished' arrives twice")
        void unpublishedTwice() throws Exception {
            start("");
            plugin.host.join("room", "alice");
            plugin.host.publish("room", "alice");
            FakeSubscription subscription = plugin.host.awaitSubscription("room", "alice", 0);
            plugin.host.unpublish("room", "alice");
            plugin.host.unpublish("room", "alice");
            awaitReceived(Close.class, subscription.session(), 1);
            Waits.until(WAIT, () -> metric("duplicate_events", "event", "sources-removed") == 1,
                    "the second 'unpublished' handled as a duplicate");
            assertEquals(1, received(Close.class, subscription.session()).size());
            plugin.host.leave("room", "alice");
            plugin.host.leave("room", "alice");
            assertEquals(1, metric("duplicate_events", "event", "endpoint-left"));
            plugin.awaitIdle(WAIT);
        }

        @Test
        @DisplayName("cleans up an endpoint that leaves before its offer arrives")
        void leavesBeforeTheOffer() throws Exception {
            start("");
            worker().answerOpens = false;
            plugin.host.publish("room", "alice");
            FakeSubscription subscription = plugin.host.awaitSubscription("room", "alice", 0);
            subscription.candidate(1);
            plugin.host.leave("room", "alice");
            plugin.awaitIdle(WAIT);
            assertTrue(subscription.isClosed());
            assertEquals(0, metric("sessions"));
            subscription.offer("too late");
            assertEquals(1, metric("stale_routes", "kind", "offer"));
        }

        @Test
        @DisplayName("ends the session when the server ends the subscription")
        void serverEndsTheSubscription() throws Exception {
            start("");
            plugin.host.publish("room", "alice");
            FakeSubscription subscription = plugin.host.awaitSubscription("room", "alice", 0);
            subscription.endedByServer("hangup");
            awaitReceived(Close.class, subscription.session(), 1);
            assertEquals("subscription-ended", received(Close.class, subscription.session()).get(0).reason());
            plugin.host.leave("room", "alice");
            plugin.awaitIdle(WAIT);
        }
    }
}
