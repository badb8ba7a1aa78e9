package org.roomrecorder.plugin.app;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.typesafe.config.Config;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.roomrecorder.plugin.config.ConfigInvalidException;
import org.roomrecorder.plugin.config.ConfigLoader;
import org.roomrecorder.plugin.core.RecordingCore;
import org.roomrecorder.plugin.core.RoutingSnapshot;
import org.roomrecorder.plugin.metrics.MetricsServer;
import org.roomrecorder.plugin.metrics.PluginMetrics;
import org.roomrecorder.plugin.spi.ConferenceHost;
import org.roomrecorder.plugin.worker.WorkerPool;
import org.roomrecorder.protocol.transport.ProtocolClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin, started inside a JVM host or by the sidecar {@link Main}. A host embeds it in two calls:
 *
 * <pre>{@code
 * RoomRecorderPlugin recorder = RoomRecorderPlugin.start(config, myConferenceHost);
 * // ... the host runs; room events and signaling flow through myConferenceHost ...
 * recorder.close();   // closes every recording, waits for the workers to finalize, disconnects
 * }</pre>
 *
 * {@code config} is the host's Typesafe {@link Config}; the plugin reads {@code room-recorder.plugin} from it, over
 * the plugin's own reference.conf, and rejects it (naming every bad key) before anything starts. Logging goes to
 * the host's SLF4J binding.
 */
public final class RoomRecorderPlugin implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RoomRecorderPlugin.class);

    private final PluginConfig config;
    private final RecordingCore core;
    private final WorkerPool pool;
    private final PluginMetrics metrics;
    private final MetricsServer metricsServer;
    private final ScheduledExecutorService timer;
    private final ProtocolClient client;
    private final AtomicBoolean closed = new AtomicBoolean();

    private RoomRecorderPlugin(PluginConfig config, Injector injector, MetricsServer metricsServer) {
        this.config = config;
        this.core = injector.getInstance(RecordingCore.class);
        this.pool = injector.getInstance(WorkerPool.class);
        this.metrics = injector.getInstance(PluginMetrics.class);
        this.timer = injector.getInstance(ScheduledExecutorService.class);
        this.client = injector.getInstance(ProtocolClient.class);
        this.metricsServer = metricsServer;
    }

    /** Starts with the installed host adapter that {@code room-recorder.plugin.host} names. */
    public static RoomRecorderPlugin start(Config config) throws ConfigInvalidException, Exception {
        HostProviders providers = HostProviders.discover();
        PluginConfig settings = PluginConfig.load(loader(), config, providers.names());
        return start(settings, HostModule.of(providers.get(settings.host())));
    }

    /** Starts with a host adapter the embedding host made itself; {@code room-recorder.plugin.host} is not needed. */
    public static RoomRecorderPlugin start(Config config, ConferenceHost host) throws ConfigInvalidException, Exception {
        requireNonNull(host, "host is null");
        return start(PluginConfig.load(loader(), config, null), HostModule.of(host));
    }

    static ConfigLoader loader() {
        return new ConfigLoader(RoomRecorderPlugin.class.getClassLoader());
    }

    static RoomRecorderPlugin start(PluginConfig config, HostModule host) throws Exception {
        Injector injector = Guice.createInjector(new RuntimeModule(), new ConfigModule(config), new MetricsModule(),
                new WorkerModule(), host, new CoreModule());
        WorkerPool pool = injector.getInstance(WorkerPool.class);
        MetricsServer server = MetricsServer.start(config.metrics(), injector.getInstance(PluginMetrics.class),
                pool::health);
        RoomRecorderPlugin plugin = new RoomRecorderPlugin(config, injector, server);
        try {
            plugin.core.start();
        } catch (Exception | Error e) {
            plugin.stopInfrastructure();
            throw e;
        }
        log.info("room-recorder plugin started: host {}, {} workers", config.host().isEmpty() ? "(embedded)"
                : config.host(), config.workers().workers().size());
        return plugin;
    }

    /** Sizes of the live route table: endpoints, sessions, host keys. */
    public RoutingSnapshot routes() {
        return core.routes();
    }

    /** The port of {@code /metrics} and {@code /health}, or -1 when the metrics server is off. */
    public int metricsPort() {
        return metricsServer == null ? -1 : metricsServer.port();
    }

    PluginMetrics metrics() {
        return metrics;
    }

    WorkerPool pool() {
        return pool;
    }

    /** Closes every recording, waits for the workers' confirmation (shutdown-timeout), then disconnects. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        core.close(config.shutdownTimeout());
        stopInfrastructure();
        log.info("room-recorder plugin stopped");
    }

    private void stopInfrastructure() {
        pool.close();
        if (metricsServer != null) {
            metricsServer.close();
        }
        client.close();
        timer.shutdownNow();
    }
}
