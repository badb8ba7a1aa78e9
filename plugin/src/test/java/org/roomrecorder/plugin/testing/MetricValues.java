package org.roomrecorder.plugin.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;

/** Reads the plugin's metrics the way a scrape does. */
public final class MetricValues {
    private MetricValues() {
    }

    /**
     * The sum over the data points of metric {@code name} (without {@code _total}) whose labels include the given
     * pairs, for example {@code sum(registry, "room_recorder_plugin_stale_routes", "kind", "offer")}.
     */
    public static double sum(PrometheusRegistry registry, String name, String... labelPairs) {
        double total = 0;
        for (MetricSnapshot snapshot : registry.scrape()) {
            if (!snapshot.getMetadata().getName().equals(name)) {
                continue;
            }
            for (DataPointSnapshot point : snapshot.getDataPoints()) {
                if (matches(point, labelPairs)) {
                    total += value(point);
                }
            }
        }
        return total;
    }

    private static boolean matches(DataPointSnapshot point, String... labelPairs) {
        for (int i = 0; i < labelPairs.length; i += 2) {
            if (!labelPairs[i + 1].equals(point.getLabels().get(labelPairs[i]))) {
                return false;
            }
        }
        return true;
    }

    private static double value(DataPointSnapshot point) {
        if (point instanceof CounterSnapshot.CounterDataPointSnapshot counter) {
            return counter.getValue();
        }
        return ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue();
    }
}
