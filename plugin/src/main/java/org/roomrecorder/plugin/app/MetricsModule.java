package org.roomrecorder.plugin.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import org.roomrecorder.plugin.metrics.PluginMetrics;

/** The plugin's metrics; the HTTP server that serves them is started with the plugin. */
final class MetricsModule extends AbstractModule {
    @Provides
    @Singleton
    PluginMetrics metrics() {
        return new PluginMetrics();
    }
}
