package org.roomrecorder.plugin.core;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import org.roomrecorder.plugin.metrics.PluginMetrics;
import org.roomrecorder.plugin.spi.ConferenceHost;
import org.roomrecorder.plugin.worker.WorkerPool;

/** What every endpoint recorder and session of one core shares. */
record CoreContext(
        ConferenceHost host,
        WorkerPool pool,
        RouteTable routes,
        RecordRules rules,
        RoutingConfig config,
        PluginMetrics metrics,
        RouteDrops drops,
        ScheduledExecutorService timer,
        Clock clock) {

    CoreContext {
        requireNonNull(host, "host is null");
        requireNonNull(pool, "pool is null");
        requireNonNull(routes, "routes is null");
        requireNonNull(rules, "rules is null");
        requireNonNull(config, "config is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(drops, "drops is null");
        requireNonNull(timer, "timer is null");
        requireNonNull(clock, "clock is null");
    }
}
