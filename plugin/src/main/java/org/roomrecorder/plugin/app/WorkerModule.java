package org.roomrecorder.plugin.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.roomrecorder.plugin.metrics.PluginMetrics;
import org.roomrecorder.plugin.worker.WorkerPool;
import org.roomrecorder.plugin.worker.WorkerPoolConfig;
import org.roomrecorder.protocol.transport.ProtocolClient;

/** The connections to the workers. */
final class WorkerModule extends AbstractModule {
    /** Sent in {@code hello}, so a worker's log names the plugin build it talks to. */
    static final String SOFTWARE = "room-recorder-plugin/" + version();

    @Provides
    @Singleton
    ProtocolClient client(WorkerPoolConfig config) {
        return new ProtocolClient(config.transport(), SOFTWARE);
    }

    @Provides
    @Singleton
    WorkerPool pool(WorkerPoolConfig config, ProtocolClient client, ScheduledExecutorService timer,
            PluginMetrics metrics, Clock clock) {
        // Connection attempts block for up to the handshake timeout, so they get threads of their own.
        return new WorkerPool(config, client, timer, Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "rr-plugin-connect");
            thread.setDaemon(true);
            return thread;
        }), metrics, clock);
    }

    private static String version() {
        String version = WorkerModule.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
