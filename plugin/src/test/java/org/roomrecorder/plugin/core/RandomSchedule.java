package org.roomrecorder.plugin.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.roomrecorder.plugin.spi.HostKey;
import org.roomrecorder.plugin.spi.IceCandidate;
import org.roomrecorder.plugin.testing.FakeSubscription;
import org.roomrecorder.plugin.testing.FakeWorker;
import org.roomrecorder.plugin.testing.PluginHarness;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.EndOfCandidates;
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.transport.Waits;

/**
 * One random schedule against the real core: 2 to 50 endpoints in 1 to 3 conferences join, publish, unpublish
 * (often twice, as Janus does), leave (sometimes twice) and re-join, while a fake host plays each subscription's
 * server side (bind, offer, candidates before and after the offer, end-of-candidates, renegotiation) and two fake
 * workers on real socket files answer after random delays, one of them killed and restarted now and then. Unknown
 * and stale messages are provoked on purpose and counted. {@link #run} returns what went wrong, empty if nothing.
 */
final class RandomSchedule {
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final String FROM_HOST = "to-worker";
    private static final String FROM_WORKERS = "to-host";

    private final long seed;
    private final Random random;
    private final Path dir;
    private final List<String> failures = new ArrayList<>();
    private final ScheduledThreadPoolExecutor delays = new ScheduledThreadPoolExecutor(1);
    private final Map<String, ArrayDeque<Runnable>> replies = new HashMap<>();
    private final AtomicInteger hostSignalsSent = new AtomicInteger();
    private final AtomicInteger bindsRefused = new AtomicInteger();
    private int unknownFromHost;
    private int unknownFromWorkers;
    private int staleFromHost;
    private int staleFromWorkers;
    private int kills;
    private PluginHarness plugin;

    /** What the schedule did, for the report of a failure. */
    private final StringBuilder story = new StringBuilder();

    RandomSchedule(long seed, Path dir) {
        this.seed = seed;
        this.random = new Random(seed);
        this.dir = dir;
    }

    List<String> run() throws Exception {
        try (PluginHarness harness = PluginHarness.start(dir, "room-recorder.plugin.placement.max-wait = 30 s", 64, 64)) {
            plugin = harness;
            for (FakeWorker worker : plugin.workers) {
                worker.replies(this::replyLater);
            }
            plugin.host.onSubscribe(subscription -> later(() -> serve(subscription)));
            drive();
            settle();
            provokeStale();
            check();
        } catch (AssertionError e) {
            failures.add(e.getMessage() + " (stale " + stale(FROM_WORKERS) + " of " + staleFromWorkers
                    + " provoked, unknown " + unknown(FROM_WORKERS) + " of " + unknownFromWorkers + ")");
        } finally {
            delays.shutdownNow();
        }
        if (!failures.isEmpty()) {
            failures.add(0, "schedule seed " + seed + ": " + story);
        }
        return failures;
    }

    // ---------------------------------------------------------------- the room

    private void drive() {
        int endpoints = 2 + random.nextInt(49);
        int conferences = 1 + random.nextInt(3);
        story.append(endpoints).append(" endpoints in ").append(conferences).append(" conferences");
        List<String[]> all = new ArrayList<>();
        Map<String, boolean[]> state = new HashMap<>();
        for (int i = 0; i < endpoints; i++) {
            String[] endpoint = {"conf-" + random.nextInt(conferences), "ep-" + i};
            all.add(endpoint);
            state.put(endpoint[1], new boolean[2]);
        }
        int steps = endpoints * 3 + random.nextInt(endpoints + 1);
        for (int step = 0; step < steps; step++) {
            String[] endpoint = all.get(random.nextInt(all.size()));
            act(endpoint[0], endpoint[1], state.get(endpoint[1]));
            mischief();
            if (random.nextInt(4) == 0) {
                // Pauses let replies and host signaling interleave with room events; a park costs far more than
                // asked on a loaded 2-core machine, so only one step in four takes one.
                LockSupport.parkNanos(random.nextInt(200_000));
            }
        }
        for (String[] endpoint : all) {
            plugin.host.leave(endpoint[0], endpoint[1]);
            if (random.nextInt(4) == 0) {
                plugin.host.leave(endpoint[0], endpoint[1]);
            }
        }
    }

    /** state[0]: joined, state[1]: publishing. */
    private void act(String conference, String endpoint, boolean[] state) {
        double dice = random.nextDouble();
        if (!state[0]) {
            plugin.host.join(conference, endpoint);
            if (dice < 0.1) {
                plugin.host.join(conference, endpoint);
            }
            state[0] = true;
            if (dice < 0.9) {
                plugin.host.publish(conference, endpoint);
                state[1] = true;
            }
        } else if (!state[1]) {
            if (dice < 0.6) {
                plugin.host.publish(conference, endpoint);
                state[1] = true;
            } else {
                plugin.host.leave(conference, endpoint);
                state[0] = false;
            }
        } else if (dice < 0.35) {
            return;
        } else if (dice < 0.55) {
            plugin.host.unpublish(conference, endpoint);
            if (random.nextBoolean()) {
                plugin.host.unpublish(conference, endpoint);
            }
            state[1] = false;
        } else if (dice < 0.75) {
            plugin.host.leave(conference, endpoint);
            if (random.nextInt(5) == 0) {
                plugin.host.leave(conference, endpoint);
            }
            state[0] = false;
            state[1] = false;
        } else if (dice < 0.85) {
            plugin.host.leave(conference, endpoint);
            plugin.host.join(conference, endpoint);
            plugin.host.publish(conference, endpoint);
        } else {
            plugin.host.unpublish(conference, endpoint);
            plugin.host.publish(conference, endpoint);
        }
    }

    /** Worker loss, and messages nobody can route. */
    private void mischief() {
        double dice = random.nextDouble();
        if (dice < 0.01 && kills < 2 && plugin.workers.stream().allMatch(FakeWorker::isRunning)) {
            FakeWorker victim = plugin.workers.get(random.nextInt(2));
            kills++;
            story.append("; killed ").append(victim.id);
            victim.stop();
            delays.schedule(() -> restart(victim), 1 + random.nextInt(10), TimeUnit.MILLISECONDS);
        } else if (dice < 0.02) {
            unknownFromHost++;
            plugin.host.signals().candidate(new HostKey("fake-handle", "never-" + UUID.randomUUID()),
                    new IceCandidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0));
        } else if (dice < 0.03) {
            FakeWorker worker = plugin.workers.get(random.nextInt(2));
            if (worker.inject(new Candidate(UUID.randomUUID().toString(), "candidate:1 1 udp 1 127.0.0.1 9 typ host",
                    "0", 0))) {
                unknownFromWorkers++;
            }
        }
    }

    private static void restart(FakeWorker worker) {
        try {
            worker.restart();
        } catch (Exception e) {
            throw new IllegalStateException("could not restart " + worker.id, e);
        }
    }

    // ---------------------------------------------------------------- the servers

    /**
     * Delays each worker reply at random, one session's replies strictly in order (a worker's {@code closed} is its
     * last word on a session), while sessions overtake each other freely.
     */
    private void replyLater(String session, Runnable reply) {
        synchronized (replies) {
            ArrayDeque<Runnable> queue = replies.computeIfAbsent(session, s -> new ArrayDeque<>());
            queue.add(reply);
            if (queue.size() == 1) {
                sendNextReply(session, queue);
            }
        }
    }

    private void sendNextReply(String session, ArrayDeque<Runnable> queue) {
        delays.schedule(() -> {
            queue.peek().run();
            synchronized (replies) {
                queue.poll();
                if (queue.isEmpty()) {
                    replies.remove(session);
                } else {
                    sendNextReply(session, queue);
                }
            }
        }, random(1_000_000), TimeUnit.NANOSECONDS);
    }

    private long random(int bound) {
        synchronized (random) {
            return random.nextInt(bound);
        }
    }

    private void later(Runnable action) {
        delays.schedule(action, random(1_000_000), TimeUnit.NANOSECONDS);
    }

    /**
     * The server's side of one subscription: bind first (as the SPI demands), then an offer with candidates, some
     * of them before the offer, end-of-candidates, and sometimes a renegotiation. Stops once the core closes it.
     */
    private void serve(FakeSubscription subscription) {
        if (!subscription.bind()) {
            bindsRefused.incrementAndGet();
            return;
        }
        int early = (int) random(3);
        int late = (int) random(4);
        List<Runnable> plan = new ArrayList<>();
        for (int i = 0; i < early; i++) {
            int n = i;
            plan.add(() -> subscription.candidate(n));
        }
        plan.add(() -> subscription.offer("first"));
        for (int i = 0; i < late; i++) {
            int n = early + i;
            plan.add(() -> subscription.candidate(n));
        }
        plan.add(subscription::endOfCandidatesFromServer);
        if (random(5) == 0) {
            plan.add(() -> subscription.offer("renegotiation"));
        }
        step(subscription, plan, 0);
    }

    private void step(FakeSubscription subscription, List<Runnable> plan, int index) {
        if (index == plan.size() || subscription.isClosed()) {
            return;
        }
        hostSignalsSent.incrementAndGet();
        plan.get(index).run();
        delays.schedule(() -> step(subscription, plan, index + 1), random(300_000), TimeUnit.NANOSECONDS);
    }

    // ---------------------------------------------------------------- the checks

    private void settle() {
        for (FakeWorker worker : plugin.workers) {
            Waits.until(SETTLE, worker::isRunning, worker.id + " restarted");
        }
        try {
            awaitSettled();
        } catch (AssertionError e) {
            StringBuilder dump = new StringBuilder("delays queued " + delays.getQueue().size() + ", active "
                    + delays.getActiveCount() + "; routes " + plugin.core.routes() + "; occupancy "
                    + plugin.pool.occupancy() + " (" + plugin.pool.describe() + ")\nsessions:\n"
                    + plugin.core.describeSessions() + "threads:\n");
            Thread.getAllStackTraces().forEach((thread, stack) -> {
                dump.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
                for (StackTraceElement frame : stack) {
                    dump.append("    ").append(frame).append('\n');
                }
            });
            System.err.println(dump);
            throw e;
        }
    }

    private void awaitSettled() {
        Waits.until(SETTLE, () -> delays.getQueue().isEmpty() && delays.getActiveCount() == 0
                && plugin.core.routes().isEmpty() && plugin.pool.occupancy() == 0,
                "the schedule to settle");
    }

    /** Messages for finished sessions, from both sides: each must be counted stale. */
    private void provokeStale() {
        for (FakeSubscription subscription : plugin.host.subscriptions) {
            if (subscription.isBound() && random.nextInt(3) == 0) {
                staleFromHost++;
                subscription.candidate(99);
            }
        }
        plugin.awaitWorkersUp(2);
        for (FakeWorker worker : plugin.workers) {
            for (String session : List.copyOf(worker.closes)) {
                if (random.nextInt(3) == 0 && worker.inject(new Candidate(session, "candidate:9 late " + session,
                        "0", 0))) {
                    staleFromWorkers++;
                }
            }
        }
        int expectedWorkerStale = staleFromWorkers;
        Waits.until(SETTLE, () -> stale(FROM_WORKERS) >= expectedWorkerStale
                && unknown(FROM_WORKERS) >= unknownFromWorkers, "the workers' stale and unknown messages to arrive");
    }

    private double stale(String direction) {
        return plugin.metric("room_recorder_plugin_stale_routes", "direction", direction);
    }

    private double unknown(String direction) {
        return plugin.metric("room_recorder_plugin_unknown_routes", "direction", direction);
    }

    private void check() {
        for (FakeWorker worker : plugin.workers) {
            worker.violations.forEach(v -> failures.add("worker saw " + v));
            if (!worker.liveSessions().isEmpty()) {
                failures.add(worker.id + " still has open sessions " + worker.liveSessions());
            }
        }
        Map<String, Open> opens = new HashMap<>();
        plugin.workers.forEach(w -> opens.putAll(w.opens));
        for (FakeSubscription subscription : plugin.host.subscriptions) {
            subscription.misrouted.forEach(m -> failures.add("subscription " + subscription.session() + " got " + m));
            if (!subscription.isClosed()) {
                failures.add("subscription " + subscription.session() + " was never closed");
            }
            Open open = opens.get(subscription.session());
            if (open != null && !(open.conference().equals(subscription.request.conference().value())
                    && open.endpoint().equals(subscription.request.endpoint().value()))) {
                failures.add("subscription to " + subscription.request.endpoint() + " belongs to the session of "
                        + open.endpoint());
            }
        }
        checkSegments(opens.values());
        if (!plugin.core.routes().isEmpty() || plugin.pool.occupancy() != 0) {
            failures.add("leaked: " + plugin.core.routes() + ", pool " + plugin.pool.describe());
        }
        expect("sessions by state", plugin.metric("room_recorder_plugin_sessions"), 0);
        expect("sessions waiting", plugin.metric("room_recorder_plugin_sessions_waiting_for_worker"), 0);
        expect("unknown routes from the host", unknown(FROM_HOST), unknownFromHost);
        expect("unknown routes from the workers", unknown(FROM_WORKERS), unknownFromWorkers);
        expect("stale routes from the workers", stale(FROM_WORKERS), staleFromWorkers);
        double staleHost = stale(FROM_HOST);
        long delivered = plugin.workers.stream().mapToLong(w -> w.count(Offer.class) + w.count(Candidate.class)
                + w.count(EndOfCandidates.class)).sum();
        long mayBeStale = staleFromHost + Math.max(0, hostSignalsSent.get() - delivered) + bindsRefused.get();
        if (staleHost < staleFromHost || staleHost > mayBeStale) {
            failures.add("stale routes from the host: " + staleHost + ", expected between " + staleFromHost
                    + " (provoked) and " + mayBeStale + " (provoked, plus signals that raced a close)");
        }
    }

    /** No two sessions of an endpoint may write the same generation and segment: one would overwrite the other. */
    private void checkSegments(Iterable<Open> opens) {
        Set<String> files = new java.util.HashSet<>();
        for (Open open : opens) {
            String file = open.conference() + "/" + open.endpoint() + "/g" + open.generation() + "/s" + open.firstSegment();
            if (!files.add(file)) {
                failures.add("two sessions start " + file);
            }
            if (open.firstSegment() > 0 && (open.gap() == null || !open.gap().reason().equals("worker-lost"))) {
                failures.add(file + " continues a generation without reporting the gap");
            }
        }
    }

    private void expect(String what, double actual, double expected) {
        if (actual != expected) {
            failures.add(what + ": " + actual + ", expected " + expected);
        }
    }
}
