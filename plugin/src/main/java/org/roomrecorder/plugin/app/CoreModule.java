package org.roomrecorder.plugin.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.core.RecordRules;
import org.roomrecorder.plugin.core.RecordRulesConfig;
import org.roomrecorder.plugin.core.RecordingCore;
import org.roomrecorder.plugin.core.RoutingConfig;
import org.roomrecorder.plugin.metrics.PluginMetrics;
import org.roomrecorder.plugin.spi.ConferenceHost;
import org.roomrecorder.plugin.worker.WorkerPool;

/** The routing core and its record rules. */
final class CoreModule extends AbstractModule {
    @Provides
    @Singleton
    RecordRules rules(RecordRulesConfig config) {
        return new RecordRules(config);
    }

    @Provides
    @Singleton
    RecordingCore core(ConferenceHost host, WorkerPool pool, RecordRules rules, RoutingConfig config,
            PluginMetrics metrics, ScheduledExecutorService timer, Clock clock, Logger root) {
        return new RecordingCore(host, pool, rules, config, metrics, timer, clock, root);
    }
}
