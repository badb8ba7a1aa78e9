package org.roomrecorder.plugin.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.ToDoubleFunction;
import org.roomrecorder.plugin.spi.IceCandidate;
import org.roomrecorder.plugin.testing.FakeSubscription;
import org.roomrecorder.plugin.testing.PluginHarness;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.ToPlugin;
import org.roomrecorder.protocol.transport.Connection;
import org.roomrecorder.protocol.transport.ProtocolClient;
import org.roomrecorder.protocol.transport.TransportConfig;
import org.roomrecorder.protocol.transport.Waits;

/**
 * The plugin's own cost, with the real core, transport and socket files, a fake host and two bench workers:
 *
 * <ul>
 *   <li><b>routing</b>: 100 recorded endpoints; candidates at a fixed rate, host → worker then worker → host.
 *       Host → worker: how long {@code HostSignals.candidate} takes (an idle endpoint routes on the caller's thread,
 *       so the call ends after {@code Connection.send} has written the frame), and the one-way latency to the
 *       worker's listener. Worker → host: one-way latency from the worker's send to {@code Subscription.candidate}.
 *       Beside each, in the same run, the bare transport's one-way latency (a plain protocol connection to the same
 *       worker); the difference is the plugin's routing.</li>
 *   <li><b>join storm</b>: 200 endpoints join and publish, spread evenly over one second (and once all at once);
 *       for each, the time from its publish to the worker's {@code open} and to the host's {@code subscribe}.</li>
 * </ul>
 *
 * Usage: {@code PluginRoutingBench [runs=5] [seconds=5] [rate=10000]}; prints every run and the medians.
 */
public final class PluginRoutingBench {
    private static final int ENDPOINTS = 100;
    private static final int STORM = 200;
    private static final String QUIET = "room-recorder.plugin.placement.max-waiting-sessions = 10000";

    record Routing(double callP50, double callP99, double rawCallP50, double rawCallP99, double toWorkerP50, double toWorkerP99, double rawToWorkerP50,
            double rawToWorkerP99, double toHostP50, double toHostP99, double rawToHostP50, double rawToHostP99,
            double rate) {
    }

    record Storm(double openP50, double openP95, double openMax, double subscribeP50, double subscribeP95,
            double subscribeMax, double lastDoneMs) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        List<Routing> routings = new ArrayList<>();
        List<Storm> spread = new ArrayList<>();
        List<Storm> burst = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Path dir = Files.createTempDirectory("rr-plugin-bench");
            Routing routing = routing(dir.resolve("r"), seconds, rate);
            routings.add(routing);
            print("run " + run, routing);
            Storm storm = storm(dir.resolve("s"), Duration.ofSeconds(1));
            spread.add(storm);
            print("run " + run, "200 joins over 1 s", storm);
            Storm all = storm(dir.resolve("b"), Duration.ZERO);
            burst.add(all);
            print("run " + run, "200 joins at once", all);
        }
        print("median", new Routing(med(routings, Routing::callP50), med(routings, Routing::callP99),
                med(routings, Routing::rawCallP50), med(routings, Routing::rawCallP99),
                med(routings, Routing::toWorkerP50), med(routings, Routing::toWorkerP99),
                med(routings, Routing::rawToWorkerP50), med(routings, Routing::rawToWorkerP99),
                med(routings, Routing::toHostP50), med(routings, Routing::toHostP99),
                med(routings, Routing::rawToHostP50), med(routings, Routing::rawToHostP99), med(routings, Routing::rate)));
        print("median", "200 joins over 1 s", median(spread));
        print("median", "200 joins at once", median(burst));
    }

    // ---------------------------------------------------------------- routing

    private static Routing routing(Path dir, int seconds, int rate) throws Exception {
        Files.createDirectories(dir);
        try (BenchWorker w1 = new BenchWorker(dir.resolve("w1.sock"), 1000);
                BenchWorker w2 = new BenchWorker(dir.resolve("w2.sock"), 1000);
                PluginHarness plugin = PluginHarness.connect(List.of(dir.resolve("w1.sock"), dir.resolve("w2.sock")),
                        QUIET);
                ProtocolClient rawClient = new ProtocolClient(TransportConfig.defaults(), "bench-raw")) {
            List<FakeSubscription> subscriptions = new ArrayList<>();
            for (int i = 0; i < ENDPOINTS; i++) {
                plugin.host.publish("bench", "ep-" + i);
                FakeSubscription subscription = plugin.host.awaitSubscription("bench", "ep-" + i, 0);
                subscription.offer("bench");
                subscriptions.add(subscription);
            }
            Waits.until(Duration.ofSeconds(10), () -> subscriptions.stream().allMatch(s -> s.answers.size() == 1),
                    "every session answered");

            LatencySamples calls = new LatencySamples();
            w1.oneWay = new LatencySamples();
            w2.oneWay = new LatencySamples();
            LatencySamples[] toWorker = {w1.oneWay, w2.oneWay};
            double achieved = paced(seconds, rate, (i, record) -> {
                FakeSubscription s = subscriptions.get(i % ENDPOINTS);
                long start = System.nanoTime();
                plugin.host.signals().candidate(s.key, new IceCandidate(BenchWorker.stamped(s.session(), start), "0", 0));
                if (record) {
                    calls.add(System.nanoTime() - start);
                }
            }, () -> {
                w1.oneWay = new LatencySamples();
                w2.oneWay = new LatencySamples();
                toWorker[0] = w1.oneWay;
                toWorker[1] = w2.oneWay;
            });
            LatencySamples pluginToWorker = merge(toWorker[0], toWorker[1]);

            // The bare transport to the same worker: the floor under the plugin's one-way figures.
            String rawSession = "00000000-0000-4000-8000-000000000001";
            LatencySamples rawToHost = new LatencySamples();
            Connection<ToPlugin> raw = rawClient.connect(dir.resolve("w1.sock"), (c, message) -> {
                if (message instanceof Candidate candidate) {
                    rawToHost.add(System.nanoTime() - BenchWorker.stamp(candidate.candidate()));
                }
            }).connection();
            raw.send(new Open(rawSession, "raw", "raw", "raw", null, 0, 0,
                    org.roomrecorder.protocol.RecordingOptions.defaults(), null));
            Waits.until(Duration.ofSeconds(5), () -> w1.connectionOf.containsKey(rawSession), "the raw session");
            LatencySamples[] rawToWorker = new LatencySamples[1];
            LatencySamples rawCalls = new LatencySamples();
            paced(seconds, rate, (i, record) -> {
                long start = System.nanoTime();
                raw.send(new Candidate(rawSession, BenchWorker.stamped(rawSession, start), "0", 0));
                if (record) {
                    rawCalls.add(System.nanoTime() - start);
                }
            }, () -> {
                w1.oneWay = new LatencySamples();
                rawToWorker[0] = w1.oneWay;
            });

            LatencySamples toHost = new LatencySamples();
            Map<String, BenchWorker> workerOf = new ConcurrentHashMap<>();
            for (FakeSubscription s : subscriptions) {
                workerOf.put(s.session(), w1.connectionOf.containsKey(s.session()) ? w1 : w2);
            }
            boolean[] recording = new boolean[1];
            for (FakeSubscription s : subscriptions) {
                s.candidateSink = c -> {
                    if (recording[0]) {
                        toHost.add(System.nanoTime() - BenchWorker.stamp(c.candidate()));
                    }
                };
            }
            paced(seconds, rate, (i, record) -> {
                FakeSubscription s = subscriptions.get(i % ENDPOINTS);
                workerOf.get(s.session()).sendCandidate(s.session());
            }, () -> recording[0] = true);
            rawToHost.clear();
            paced(seconds, rate, (i, record) -> w1.sendCandidate(rawSession), rawToHost::clear);
            LockSupport.parkNanos(200_000_000L);
            return new Routing(calls.micros(0.5), calls.micros(0.99), rawCalls.micros(0.5), rawCalls.micros(0.99),
                    pluginToWorker.micros(0.5),
                    pluginToWorker.micros(0.99), rawToWorker[0].micros(0.5), rawToWorker[0].micros(0.99),
                    toHost.micros(0.5), toHost.micros(0.99), rawToHost.micros(0.5), rawToHost.micros(0.99), achieved);
        }
    }

    private interface Step {
        void run(int index, boolean record) throws Exception;
    }

    /**
     * Calls {@code step} at a fixed average rate for a warm-up second plus {@code seconds}; {@code warmedUp} runs
     * once when the warm-up ends, so samples count only after it. Returns the rate achieved.
     */
    private static double paced(int seconds, int rate, Step step, Runnable warmedUp) throws Exception {
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        long warmupEnd = start + 1_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        boolean recording = false;
        int sent = 0;
        int sentAtWarmup = 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            if (!recording && now >= warmupEnd) {
                recording = true;
                sentAtWarmup = sent;
                warmedUp.run();
            }
            long wait = start + sent * interval - now;
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            step.run(sent, recording);
            sent++;
        }
        LockSupport.parkNanos(200_000_000L);
        return (sent - sentAtWarmup) / (double) seconds;
    }

    private static LatencySamples merge(LatencySamples a, LatencySamples b) {
        LatencySamples merged = new LatencySamples();
        a.copyInto(merged);
        b.copyInto(merged);
        return merged;
    }

    // ---------------------------------------------------------------- join storm

    private static Storm storm(Path dir, Duration spread) throws Exception {
        Files.createDirectories(dir);
        try (BenchWorker w1 = new BenchWorker(dir.resolve("w1.sock"), 1000);
                BenchWorker w2 = new BenchWorker(dir.resolve("w2.sock"), 1000);
                PluginHarness plugin = PluginHarness.connect(List.of(dir.resolve("w1.sock"), dir.resolve("w2.sock")),
                        QUIET)) {
            Map<String, Long> subscribedAt = new ConcurrentHashMap<>();
            Map<String, String> sessionOf = new ConcurrentHashMap<>();
            plugin.host.onSubscribe(subscription -> {
                subscribedAt.put(subscription.request.endpoint().value(), System.nanoTime());
                sessionOf.put(subscription.request.endpoint().value(), subscription.session());
                subscription.bind();
            });
            long[] publishedAt = new long[STORM];
            long interval = spread.toNanos() / STORM;
            long start = System.nanoTime();
            for (int i = 0; i < STORM; i++) {
                long wait = start + i * interval - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                publishedAt[i] = System.nanoTime();
                plugin.host.join("storm", "ep-" + i);
                plugin.host.publish("storm", "ep-" + i);
            }
            Waits.until(Duration.ofSeconds(10), () -> subscribedAt.size() == STORM && sessionOf.values().stream()
                    .allMatch(s -> w1.openedAt.containsKey(s) || w2.openedAt.containsKey(s)), "every open");
            LatencySamples open = new LatencySamples();
            LatencySamples subscribe = new LatencySamples();
            long lastDone = 0;
            for (int i = 0; i < STORM; i++) {
                String endpoint = "ep-" + i;
                String session = sessionOf.get(endpoint);
                long openedAt = w1.openedAt.getOrDefault(session, w2.openedAt.getOrDefault(session, 0L));
                open.add(openedAt - publishedAt[i]);
                subscribe.add(subscribedAt.get(endpoint) - publishedAt[i]);
                lastDone = Math.max(lastDone, Math.max(openedAt, subscribedAt.get(endpoint)));
            }
            return new Storm(open.micros(0.5) / 1000, open.micros(0.95) / 1000, open.micros(1) / 1000,
                    subscribe.micros(0.5) / 1000, subscribe.micros(0.95) / 1000, subscribe.micros(1) / 1000,
                    (lastDone - start) / 1e6);
        }
    }

    // ---------------------------------------------------------------- output

    private static void print(String run, Routing r) {
        System.out.printf(Locale.ROOT, "%-7s routing at %,.0f msg/s | host->worker: call p50 %.1f p99 %.1f µs"
                        + " (bare send %.1f / %.1f); one-way p50 %.1f p99 %.1f µs (bare transport %.1f / %.1f) | worker->host: one-way p50 %.1f"
                        + " p99 %.1f µs (bare transport %.1f / %.1f)%n", run, r.rate, r.callP50, r.callP99,
                r.rawCallP50, r.rawCallP99, r.toWorkerP50, r.toWorkerP99, r.rawToWorkerP50, r.rawToWorkerP99, r.toHostP50, r.toHostP99,
                r.rawToHostP50, r.rawToHostP99);
    }

    private static void print(String run, String what, Storm s) {
        System.out.printf(Locale.ROOT, "%-7s %-18s | publish->open p50 %.2f p95 %.2f max %.2f ms | publish->subscribe"
                        + " p50 %.2f p95 %.2f max %.2f ms | all done %.0f ms after the first join%n", run, what,
                s.openP50, s.openP95, s.openMax, s.subscribeP50, s.subscribeP95, s.subscribeMax, s.lastDoneMs);
    }

    private static Storm median(List<Storm> storms) {
        return new Storm(med(storms, Storm::openP50), med(storms, Storm::openP95), med(storms, Storm::openMax),
                med(storms, Storm::subscribeP50), med(storms, Storm::subscribeP95), med(storms, Storm::subscribeMax),
                med(storms, Storm::lastDoneMs));
    }

    private static <T> double med(List<T> results, ToDoubleFunction<T> field) {
        List<Double> values = results.stream().map(field::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
        return values.get(values.size() / 2);
    }
}
