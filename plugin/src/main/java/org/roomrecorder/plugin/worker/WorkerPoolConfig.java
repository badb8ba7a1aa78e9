package org.roomrecorder.plugin.worker;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.roomrecorder.plugin.config.BadConfigValue;
import org.roomrecorder.plugin.config.ConfigSection;
import org.roomrecorder.protocol.ProtocolVersion;
import org.roomrecorder.protocol.transport.TransportConfig;

/**
 * {@code room-recorder.plugin.workers}, {@code .worker-connection} and {@code .placement}.
 *
 * @param reconnectMinDelay  first wait before reconnecting to a worker; doubles per failure
 * @param reconnectMaxDelay  longest wait between reconnect attempts
 * @param maxWaitingSessions sessions that may wait for a worker with capacity; beyond it new sessions are refused
 * @param maxWait            how long a session waits for a worker before it is given up
 */
public record WorkerPoolConfig(
        List<WorkerEndpoint> workers,
        Duration reconnectMinDelay,
        Duration reconnectMaxDelay,
        TransportConfig transport,
        int maxWaitingSessions,
        Duration maxWait) {

    public WorkerPoolConfig {
        workers = List.copyOf(workers);
        requireNonNull(transport, "transport is null");
        if (reconnectMaxDelay.compareTo(reconnectMinDelay) < 0) {
            throw new IllegalArgumentException("reconnectMaxDelay is shorter than reconnectMinDelay");
        }
    }

    /** Reads the pool's settings from the plugin's section ({@code room-recorder.plugin}). */
    public static WorkerPoolConfig from(ConfigSection plugin) {
        List<WorkerEndpoint> workers = workers(plugin);
        ConfigSection connection = plugin.section("worker-connection");
        Duration min = connection.durationBetween("reconnect-min-delay", Duration.ofMillis(1), Duration.ofMinutes(10));
        Duration max = connection.durationBetween("reconnect-max-delay", min, Duration.ofHours(1));
        Duration interval = connection.durationBetween("heartbeat-interval", Duration.ofMillis(10), Duration.ofMinutes(10));
        Duration timeout = connection.durationBetween("heartbeat-timeout", interval.plusMillis(1), Duration.ofHours(1));
        TransportConfig transport = new TransportConfig(
                connection.intBetween("max-frame-bytes", 1024, 64 * 1024 * 1024),
                interval,
                timeout,
                connection.durationBetween("handshake-timeout", Duration.ofMillis(10), Duration.ofMinutes(10)),
                connection.intBetween("max-queued-frames", 16, 10_000_000),
                ProtocolVersion.SUPPORTED);
        ConfigSection placement = plugin.section("placement");
        return new WorkerPoolConfig(workers, min, max, transport,
                placement.intBetween("max-waiting-sessions", 0, 1_000_000),
                placement.durationBetween("max-wait", Duration.ZERO, Duration.ofDays(1)));
    }

    /** Each entry is a socket path, or an object with {@code socket} and an optional {@code name}. */
    private static List<WorkerEndpoint> workers(ConfigSection plugin) {
        ConfigList list = plugin.list("workers");
        if (list.isEmpty()) {
            throw plugin.bad("workers", "lists no worker socket; give at least one, for example "
                    + "workers = [\"/run/room-recorder/worker.sock\"]");
        }
        List<WorkerEndpoint> workers = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String key = plugin.fullKey("workers") + "[" + i + "]";
            WorkerEndpoint worker = worker(list.get(i), key, i);
            if (!names.add(worker.name())) {
                throw new BadConfigValue(key, "names worker '" + worker.name()
                        + "' a second time; worker names must be unique", list.get(i).origin());
            }
            workers.add(worker);
        }
        return workers;
    }

    private static WorkerEndpoint worker(ConfigValue value, String key, int index) {
        if (value.valueType() == ConfigValueType.STRING) {
            Path socket = socket(value, key);
            return new WorkerEndpoint("worker-" + (index + 1), socket);
        }
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw new BadConfigValue(key, "must be a socket path or an object { socket = ..., name = ... }, got "
                    + value.valueType(), value.origin());
        }
        ConfigObject object = (ConfigObject) value;
        for (String field : object.keySet()) {
            if (!field.equals("socket") && !field.equals("name")) {
                throw new BadConfigValue(key + "." + field,
                        "is not a worker setting; a worker has 'socket' and optionally 'name'", object.get(field).origin());
            }
        }
        ConfigValue socket = object.get("socket");
        if (socket == null) {
            throw new BadConfigValue(key + ".socket", "is missing", value.origin());
        }
        ConfigValue name = object.get("name");
        if (name != null && (name.valueType() != ConfigValueType.STRING || ((String) name.unwrapped()).isBlank())) {
            throw new BadConfigValue(key + ".name", "must be a non-empty string", name.origin());
        }
        return new WorkerEndpoint(name == null ? "worker-" + (index + 1) : (String) name.unwrapped(),
                socket(socket, key + ".socket"));
    }

    private static Path socket(ConfigValue value, String key) {
        if (value.valueType() != ConfigValueType.STRING || ((String) value.unwrapped()).isBlank()) {
            throw new BadConfigValue(key, "must be a non-empty socket path", value.origin());
        }
        try {
            return Path.of((String) value.unwrapped());
        } catch (InvalidPathException e) {
            throw new BadConfigValue(key, "is not a valid path: " + e.getReason(), value.origin());
        }
    }
}
