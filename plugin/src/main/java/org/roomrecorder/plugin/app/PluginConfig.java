package org.roomrecorder.plugin.app;

import static org.roomrecorder.plugin.config.ConfigValidator.ROOT;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.roomrecorder.plugin.config.BadConfigValue;
import org.roomrecorder.plugin.config.ConfigInvalidException;
import org.roomrecorder.plugin.config.ConfigLoader;
import org.roomrecorder.plugin.config.ConfigProblem;
import org.roomrecorder.plugin.config.ConfigSection;
import org.roomrecorder.plugin.core.RecordRulesConfig;
import org.roomrecorder.plugin.core.RoutingConfig;
import org.roomrecorder.plugin.metrics.MetricsConfig;
import org.roomrecorder.plugin.worker.WorkerPoolConfig;

/**
 * The whole validated configuration: one record per section, each defined beside the code that uses it.
 *
 * @param host            the host adapter's name; empty when the embedding host brings its own adapter
 * @param hostConfig      {@code room-recorder.plugin.hosts.<host>}, empty if absent
 * @param shutdownTimeout how long shutdown waits for the workers to finalize files
 */
public record PluginConfig(String host, Config hostConfig, WorkerPoolConfig workers, RoutingConfig routing,
        RecordRulesConfig record, MetricsConfig metrics, Duration shutdownTimeout) {

    /**
     * Validates {@code given} over the reference and builds every section, reporting all problems at once.
     *
     * @param hosts the installed host adapters' names, or null when the embedding host brings its own adapter
     */
    public static PluginConfig load(ConfigLoader loader, Config given, Set<String> hosts)
            throws ConfigInvalidException {
        Config merged = loader.validate(given, hosts);
        ConfigSection plugin = new ConfigSection(merged, ROOT);
        List<ConfigProblem> problems = new ArrayList<>();
        String host = build(problems, () -> host(plugin, hosts));
        WorkerPoolConfig workers = build(problems, () -> WorkerPoolConfig.from(plugin));
        RoutingConfig routing = build(problems, () -> RoutingConfig.from(plugin.section("routing")));
        RecordRulesConfig record = build(problems, () -> RecordRulesConfig.from(plugin.section("record")));
        MetricsConfig metrics = build(problems, () -> MetricsConfig.from(plugin.section("metrics")));
        Duration shutdown = build(problems,
                () -> plugin.durationBetween("shutdown-timeout", Duration.ZERO, Duration.ofHours(1)));
        if (!problems.isEmpty()) {
            throw new ConfigInvalidException(problems);
        }
        String hostPath = ROOT + "." + ConfigUtil.joinPath(List.of("hosts", host.isEmpty() ? "-" : host));
        Config hostConfig = merged.hasPath(hostPath) ? merged.getConfig(hostPath) : ConfigFactory.empty();
        return new PluginConfig(host, hostConfig, workers, routing, record, metrics, shutdown);
    }

    private static String host(ConfigSection plugin, Set<String> installed) {
        String host = plugin.string("host");
        if (installed == null) {
            return host;
        }
        String choices = installed.isEmpty() ? "none is installed" : "installed: " + String.join(", ", installed);
        if (host.isBlank()) {
            throw plugin.bad("host", "is required: name the host adapter to use (" + choices + ")");
        }
        if (!installed.contains(host)) {
            throw plugin.bad("host", "names host adapter '" + host + "', which is not installed (" + choices
                    + "); put its jar next to the plugin jar");
        }
        return host;
    }

    private static <T> T build(List<ConfigProblem> problems, Supplier<T> section) {
        try {
            return section.get();
        } catch (BadConfigValue e) {
            problems.add(e.problem());
        } catch (ConfigException e) {
            problems.add(new ConfigProblem(ROOT, e.getMessage(), null));
        }
        return null;
    }
}
