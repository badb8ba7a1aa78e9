package org.roomrecorder.plugin.app;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.roomrecorder.plugin.core.RecordRulesConfig;
import org.roomrecorder.plugin.core.RoutingConfig;
import org.roomrecorder.plugin.metrics.MetricsConfig;
import org.roomrecorder.plugin.worker.WorkerPoolConfig;

/** The validated configuration, one record per section. */
final class ConfigModule extends AbstractModule {
    private final PluginConfig config;

    ConfigModule(PluginConfig config) {
        this.config = requireNonNull(config, "config is null");
    }

    @Override
    protected void configure() {
        bind(PluginConfig.class).toInstance(config);
    }

    @Provides
    WorkerPoolConfig workers() {
        return config.workers();
    }

    @Provides
    RoutingConfig routing() {
        return config.routing();
    }

    @Provides
    RecordRulesConfig record() {
        return config.record();
    }

    @Provides
    MetricsConfig metrics() {
        return config.metrics();
    }
}
