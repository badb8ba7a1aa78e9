package org.roomrecorder.plugin.testing;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.roomrecorder.plugin.app.PluginConfig;
import org.roomrecorder.plugin.config.ConfigLoader;
import org.roomrecorder.plugin.core.RecordRules;
import org.roomrecorder.plugin.core.RecordingCore;
import org.roomrecorder.plugin.logging.Slf4jContextLogger;
import org.roomrecorder.plugin.metrics.PluginMetrics;
import org.roomrecorder.plugin.worker.WorkerPool;
import org.roomrecorder.protocol.transport.ProtocolClient;
import org.roomrecorder.protocol.transport.Waits;

/**
 * The routing core wired by hand (as the Guice modules wire it) to a {@link FakeHost} and {@link FakeWorker}s on
 * real socket files in a test directory, with fast reconnects.
 */
public final class PluginHarness implements AutoCloseable {
    public final FakeHost host = new FakeHost();
    public final List<FakeWorker> workers = new ArrayList<>();
    public final PluginMetrics metrics = new PluginMetrics();
    /** The core's clock: the system's, until a test moves it on. */
    public final TestClock clock = new TestClock();
    public final WorkerPool pool;
    public final RecordingCore core;
    private final ProtocolClient client;
    private final ScheduledExecutorService timer;

    private PluginHarness(List<FakeWorker> fakeWorkers, List<Path> sockets, String extraConfig) throws Exception {
        workers.addAll(fakeWorkers);
        StringBuilder entries = new StringBuilder();
        for (int i = 0; i < sockets.size(); i++) {
            entries.append(i == 0 ? "" : ", ").append("{ name = \"w").append(i + 1).append("\", socket = \"")
                    .append(sockets.get(i)).append("\" }");
        }
        String hocon = "room-recorder.plugin {\n workers = [" + entries + "]\n"
                + " worker-connection { reconnect-min-delay = 5 ms, reconnect-max-delay = 50 ms }\n"
                + " routing.close-timeout = 5 s\n metrics.port = 0\n}\n" + extraConfig;
        PluginConfig config = PluginConfig.load(new ConfigLoader(getClass().getClassLoader()),
                ConfigFactory.parseString(hocon), null);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "test-plugin-timer");
            thread.setDaemon(true);
            return thread;
        });
        client = new ProtocolClient(config.workers().transport(), "test-plugin");
        pool = new WorkerPool(config.workers(), client, timer, Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "test-plugin-connect");
            thread.setDaemon(true);
            return thread;
        }), metrics, Clock.systemUTC());
        core = new RecordingCore(host, pool, new RecordRules(config.record()), config.routing(), metrics, timer,
                clock, Slf4jContextLogger.create("org.roomrecorder.plugin", Map.of()));
        core.start();
    }

    /** Starts fake workers w1, w2 … with the given capacities; waits until the plugin is connected to every one. */
    public static PluginHarness start(Path dir, String extraConfig, int... capacities) throws Exception {
        List<FakeWorker> fakeWorkers = new ArrayList<>();
        List<Path> sockets = new ArrayList<>();
        for (int i = 0; i < capacities.length; i++) {
            FakeWorker worker = FakeWorker.start(dir.resolve("w" + (i + 1) + ".sock"), "w" + (i + 1), capacities[i]);
            fakeWorkers.add(worker);
            sockets.add(worker.socket());
        }
        PluginHarness harness = new PluginHarness(fakeWorkers, sockets, extraConfig);
        harness.awaitWorkersUp(capacities.length);
        return harness;
    }

    /** Connects to workers the caller runs (benchmarks); waits until the plugin is connected to every one. */
    public static PluginHarness connect(List<Path> sockets, String extraConfig) throws Exception {
        PluginHarness harness = new PluginHarness(List.of(), sockets, extraConfig);
        harness.awaitWorkersUp(sockets.size());
        return harness;
    }

    public void awaitWorkersUp(int count) {
        Waits.until(Duration.ofSeconds(5), () -> metric("room_recorder_plugin_worker_up") == count,
                count + " workers connected");
    }

    public double metric(String name, String... labelPairs) {
        return MetricValues.sum(metrics.registry(), name, labelPairs);
    }

    /** Waits until no endpoint, session, host key, placement or waiting session is left. */
    public void awaitIdle(Duration timeout) {
        Waits.until(timeout, () -> core.routes().isEmpty() && pool.occupancy() == 0,
                "an empty route table and pool (now " + core.routes() + ", " + pool.describe() + ")");
    }

    public FakeWorker worker(String id) {
        return workers.stream().filter(w -> w.id.equals(id)).findFirst().orElseThrow();
    }

    @Override
    public void close() throws IOException {
        core.close(Duration.ofSeconds(2));
        client.close();
        timer.shutdownNow();
        workers.forEach(FakeWorker::stop);
    }
}
