package org.roomrecorder.plugin.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.plugin.metrics.PluginMetrics;
import org.roomrecorder.plugin.testing.FakeWorker;
import org.roomrecorder.plugin.testing.MetricValues;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.ToPlugin;
import org.roomrecorder.protocol.transport.ProtocolClient;
import org.roomrecorder.protocol.transport.TransportConfig;
import org.roomrecorder.protocol.transport.Waits;

@DisplayName("The worker pool")
class WorkerPoolTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private final List<FakeWorker> workers = new ArrayList<>();
    private final PluginMetrics metrics = new PluginMetrics();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ProtocolClient client = new ProtocolClient(TransportConfig.defaults(), "pool-test");
    private WorkerPool pool;

    /** Records the pool's callbacks. */
    static final class Session implements PlacementListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        volatile WorkerConnection worker;

        @Override
        public void placed(WorkerConnection placedOn) {
            worker = placedOn;
            events.add("placed on " + placedOn.worker());
        }

        @Override
        public void waiting(String reason) {
            events.add("waiting");
        }

        @Override
        public void refused(String reason) {
            events.add("refused: " + reason);
        }

        @Override
        public void workerLost(WorkerConnection lost, Instant at, String reason) {
            events.add("lost " + lost.worker());
        }
    }

    private WorkerPool start(int maxWaiting, Duration maxWait, int... capacities) throws Exception {
        List<WorkerEndpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < capacities.length; i++) {
            FakeWorker worker = FakeWorker.start(dir.resolve("w" + (i + 1) + ".sock"), "w" + (i + 1), capacities[i]);
            workers.add(worker);
            endpoints.add(new WorkerEndpoint(worker.id, worker.socket()));
        }
        pool = new WorkerPool(new WorkerPoolConfig(endpoints, Duration.ofMillis(5), Duration.ofMillis(50),
                TransportConfig.defaults(), maxWaiting, maxWait), client, timer, Executors.newCachedThreadPool(),
                metrics, Clock.systemUTC());
        pool.start(new WorkerPool.Inbound() {
            @Override
            public void message(WorkerConnection from, ToPlugin message) {
            }

            @Override
            public void error(WorkerConnection from, ErrorMessage error) {
            }
        });
        awaitUp(capacities.length);
        return pool;
    }

    private void awaitUp(int count) {
        Waits.until(WAIT, () -> MetricValues.sum(metrics.registry(), "room_recorder_plugin_worker_up") == count,
                count + " workers up");
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        workers.forEach(FakeWorker::stop);
        client.close();
        timer.shutdownNow();
    }

    @Nested
    @DisplayName("places")
    class Placement {
        @Test
        @DisplayName("each session on the worker with the largest free share of its reported capacity")
        void leastLoaded() throws Exception {
            start(10, Duration.ofSeconds(60), 2, 4);
            List<String> placedOn = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Session session = new Session();
                pool.place(session);
                placedOn.add(session.worker.worker());
            }
            // w1 0/2 vs w2 0/4: tie, first; then w2 (1.0 > 0.5); w2 (0.75 > 0.5); w2 (0.5 = 0.5, fewer sessions: w1)
            assertEquals(List.of("w1", "w2", "w2", "w1", "w2"), placedOn);
        }

        @Test
        @DisplayName("a waiting session as soon as a placed one releases its worker")
        void waitsForCapacity() throws Exception {
            start(10, Duration.ofSeconds(60), 1);
            Session first = new Session();
            Session second = new Session();
            pool.place(first);
            pool.place(second);
            assertEquals(List.of("waiting"), second.events);
            assertEquals(1, MetricValues.sum(metrics.registry(), "room_recorder_plugin_sessions_waiting_for_worker"));
            pool.release(first.worker, first);
            assertEquals(List.of("waiting", "placed on w1"), second.events);
        }

        @Test
        @DisplayName("no more on a worker that refused an open for capacity, until one of its sessions ends; then its"
                + " announced capacity again")
        void believesARefusal() throws Exception {
            start(10, Duration.ofSeconds(60), 4);
            Session first = new Session();
            Session refused = new Session();
            pool.place(first);
            pool.place(refused);
            pool.refusedForCapacity(refused.worker, refused);
            Session third = new Session();
            pool.place(third);
            assertEquals(List.of("waiting"), third.events);
            pool.release(first.worker, first);
            assertEquals(List.of("waiting", "placed on w1"), third.events);
            List<Session> more = List.of(new Session(), new Session(), new Session());
            more.forEach(pool::place);
            for (Session session : more) {
                assertEquals(List.of("placed on w1"), session.events, "the worker's capacity of 4 holds again");
            }
        }
    }

    @Nested
    @DisplayName("refuses")
    class Refusal {
        @Test
        @DisplayName("a session when the waiting room is full")
        void fullWaitingRoom() throws Exception {
            start(1, Duration.ofSeconds(60), 0);
            Session waiting = new Session();
            Session refused = new Session();
            pool.place(waiting);
            pool.place(refused);
            assertEquals(1, refused.events.size());
            assertTrue(refused.events.get(0).startsWith("refused: 1 sessions already wait"), refused.events.toString());
            assertEquals(1, MetricValues.sum(metrics.registry(), "room_recorder_plugin_placements_refused",
                    "reason", "waiting-room-full"));
        }

        @Test
        @DisplayName("a session that waited longer than max-wait, saying why")
        void expiredWait() throws Exception {
            start(10, Duration.ofMillis(50), 0);
            Session session = new Session();
            pool.place(session);
            Waits.until(WAIT, () -> session.events.size() == 2, "the wait to expire");
            assertTrue(session.events.get(1).contains("no worker had capacity within 50 ms"), session.events.toString());
            assertTrue(session.events.get(1).contains("w1 full (0 of 0)"), session.events.toString());
        }
    }

    @Nested
    @DisplayName("when a worker's connection drops")
    class Loss {
        @Test
        @DisplayName("tells its sessions, reconnects with backoff, and places waiting sessions on it")
        void reconnects() throws Exception {
            start(10, Duration.ofSeconds(60), 1);
            Session placed = new Session();
            pool.place(placed);
            workers.get(0).stop();
            Waits.until(WAIT, () -> placed.events.contains("lost w1"), "the loss reported");
            awaitUp(0);
            Session waiting = new Session();
            pool.place(waiting);
            assertEquals(List.of("waiting"), waiting.events);
            workers.get(0).restart();
            Waits.until(WAIT, () -> waiting.events.contains("placed on w1"), "placement after the reconnect");
            assertEquals(2, MetricValues.sum(metrics.registry(), "room_recorder_plugin_worker_connects"));
            assertEquals(1, MetricValues.sum(metrics.registry(), "room_recorder_plugin_worker_losses"));
        }
    }
}
