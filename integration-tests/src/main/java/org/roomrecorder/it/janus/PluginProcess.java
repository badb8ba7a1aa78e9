package org.roomrecorder.it.janus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.it.TestNetwork;
import org.roomrecorder.protocol.transport.Waits;

/**
 * The plugin as a sidecar in the test network, from the drop-in jar that {@code ./recorder plugin} runs (system
 * property {@code rr.plugin.jar}), with a generated configuration: a host adapter (Janus unless named), the given
 * workers, and the record rules and options the caller writes.
 */
public final class PluginProcess implements AutoCloseable {
    /** What the plugin logs once its host adapter and worker pool have started. */
    private static final String READY = "room-recorder plugin started";

    private final Process process;
    private final Path log;

    private PluginProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the plugin with {@code host = "janus"} and returns once it says it has started.
     *
     * @param janus   HOCON of {@code hosts.janus}, for example {@code url = "ws://127.0.0.1:8188"}
     * @param workers the workers' socket files
     * @param record  HOCON of {@code record}: rules and {@code options}
     */
    public static PluginProcess start(TestNetwork network, Path dir, String janus, List<Path> workers, String record)
            throws IOException {
        return start(network, dir, "janus", janus, workers, record);
    }

    /**
     * Starts the plugin with the host adapter {@code host} and returns once it says it has started.
     *
     * @param section HOCON of {@code hosts.<host>}
     */
    public static PluginProcess start(TestNetwork network, Path dir, String host, String section, List<Path> workers,
            String record) throws IOException {
        return start(network, dir, host, section, workers, record, "");
    }

    /**
     * Starts the plugin with the host adapter {@code host} and returns once it says it has started.
     *
     * @param section HOCON of {@code hosts.<host>}
     * @param extra   more HOCON under {@code room-recorder.plugin}, for example {@code shutdown-timeout = 5 s}
     */
    public static PluginProcess start(TestNetwork network, Path dir, String host, String section, List<Path> workers,
            String record, String extra) throws IOException {
        Files.createDirectories(dir);
        Path config = dir.resolve("plugin.conf");
        StringBuilder sockets = new StringBuilder();
        for (Path worker : workers) {
            sockets.append(sockets.length() == 0 ? "" : ", ").append('"').append(worker).append('"');
        }
        Files.writeString(config, String.join("\n",
                "room-recorder.plugin {",
                "  host = \"" + host + "\"",
                "  hosts." + host + " {", section, "  }",
                "  workers = [" + sockets + "]",
                "  record {", record, "  }",
                // Each test network is its own, but a fixed port could still clash with a plugin outside it.
                "  metrics.port = 0",
                extra,
                "}",
                ""));
        Path log = dir.resolve("plugin.log");
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", System.getProperty("rr.plugin.jar"), "--config", config.toString()));
        PluginProcess plugin = new PluginProcess(new ProcessBuilder(network.command(java)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start(), log);
        try {
            Waits.until(Duration.ofSeconds(30), () -> plugin.logContains(READY) || !plugin.process.isAlive(),
                    "the plugin to start");
            if (!plugin.process.isAlive()) {
                throw new IOException("the plugin exited with " + plugin.process.exitValue() + ": "
                        + Files.readString(log));
            }
        } catch (IOException | RuntimeException | Error e) {
            plugin.process.destroyForcibly();
            throw e;
        }
        return plugin;
    }

    /** The plugin JVM's process id (ip netns exec execs it), for measuring its CPU. */
    public long pid() {
        return process.pid();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    public boolean logContains(String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * SIGTERM, as systemd stops it: the plugin closes every session and waits for the workers to finalize the files.
     * Returns the exit code.
     */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy(); // SIGTERM; ip netns exec exec()s java, so this is the plugin itself
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the plugin did not exit within " + timeout.toMillis() + " ms of SIGTERM");
        }
        return process.exitValue();
    }

    /** SIGKILL: the plugin gets no chance to close anything; its workers see the connection drop. */
    public void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL, to the plugin itself as in terminate
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Stops it cleanly if it still runs (SIGTERM, then SIGKILL after 20 s). */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
