package org.roomrecorder.it.janus;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.roomrecorder.it.PortBridge;
import org.roomrecorder.it.TestNetwork;
import org.roomrecorder.protocol.transport.Waits;

/**
 * Debian's Janus in the test network, from a configuration generated into a directory of its own: the WebSocket
 * API, the VideoRoom plugin with string ids and the given rooms, optionally the HTTP event handler, and nothing
 * else, so it starts in a second. ICE is pinned to the network's veth (Janus never gathers on loopback). The API
 * is reachable from inside the network at {@link #apiUri()} and from this JVM through a {@link PortBridge}.
 */
public final class JanusServer implements AutoCloseable {
    /** The WebSocket API port inside the network; each test network is its own, so a fixed port cannot clash. */
    public static final int API_PORT = 8188;
    private static final String RTP_PORTS = "40000-40299";

    private final TestNetwork network;
    private final Path dir;
    private final Path log;
    private final PortBridge bridge;
    private Process process;

    /**
     * What to configure.
     *
     * @param rooms         VideoRoom room ids (strings) to create at startup
     * @param publishers    most publishers per room
     * @param bitrate       the video bitrate (bit/s) Janus asks publishers to stay under (REMB); 0 for no cap: Janus
     *                      then sends no REMB, and each publisher sends what its own congestion control allows
     * @param eventsBackend URL the HTTP event handler (sampleevh) posts every event to, or null for none
     * @param recordings    where Janus's own recorder writes each publisher's {@code .mjr} files, or null for none
     */
    public record Settings(List<String> rooms, int publishers, int bitrate, String eventsBackend, Path recordings) {
        public Settings {
            rooms = List.copyOf(rooms);
        }

        public Settings(List<String> rooms, int publishers, int bitrate, String eventsBackend) {
            this(rooms, publishers, bitrate, eventsBackend, null);
        }
    }

    private JanusServer(TestNetwork network, Path dir, PortBridge bridge) {
        this.network = network;
        this.dir = dir;
        this.log = dir.resolve("janus.log");
        this.bridge = bridge;
    }

    /** Writes the configuration into {@code dir}, starts Janus and returns once its API answers. */
    public static JanusServer start(TestNetwork network, Path dir, Settings settings) throws Exception {
        Files.createDirectories(dir);
        if (settings.recordings() != null) {
            Files.createDirectories(settings.recordings());
        }
        JanusConfig.write(dir, settings, API_PORT, RTP_PORTS);
        PortBridge bridge = PortBridge.open(network, API_PORT, dir.resolve("api-bridge.sock"),
                dir.resolve("api-bridge.log"));
        JanusServer janus = new JanusServer(network, dir, bridge);
        try {
            janus.launch();
        } catch (Exception | Error e) {
            janus.close();
            throw e;
        }
        return janus;
    }

    /** The API as seen from inside the network: where the plugin connects. */
    public URI apiUri() {
        return URI.create("ws://127.0.0.1:" + API_PORT);
    }

    /** The API as seen from this JVM, through the bridge. */
    public URI bridgedApiUri() {
        return URI.create("ws://127.0.0.1:" + bridge.port());
    }

    public Path log() {
        return log;
    }

    /** Janus's own process id (ip netns exec execs it), for measuring its CPU. */
    public long pid() {
        return process.pid();
    }

    /** SIGKILL: Janus gets no chance to tell anyone; every session, handle and PeerConnection is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL; ip netns exec exec()s janus, so this is Janus itself
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts Janus again with the same configuration; returns once its API answers. */
    public void restart() throws Exception {
        if (process.isAlive()) {
            throw new IllegalStateException("Janus is still running");
        }
        launch();
    }

    private void launch() throws Exception {
        List<String> command = network.command(List.of("janus", "-C", dir.resolve("janus.jcfg").toString(),
                "-F", dir.toString(), "--disable-colors", "--debug-timestamps"));
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Waits.until(Duration.ofSeconds(30), () -> answers() || !process.isAlive(), "the Janus API to answer");
        if (!process.isAlive()) {
            throw new IOException("Janus exited with " + process.exitValue() + "; its log: " + log);
        }
    }

    /** Evidence that Janus is up: its API answers {@code info} with {@code server_info}. */
    private boolean answers() {
        try (JanusClient client = JanusClient.connect(bridgedApiUri(), Duration.ofSeconds(2))) {
            return client.send(JanusClient.JSON.createObjectNode().put("janus", "info"))
                    .get(2, TimeUnit.SECONDS).path("janus").asText().equals("server_info");
        } catch (Exception e) {
            return false; // not listening yet; Waits polls again
        }
    }

    /** The Debian multiarch directory holding Janus's plugins, transports and event handlers. */
    static Path modules() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("/usr/lib"))) {
            return dirs.map(d -> d.resolve("janus"))
                    .filter(d -> Files.exists(d.resolve("plugins/libjanus_videoroom.so")))
                    .findFirst().orElseThrow(() -> new IOException("Janus is not installed (apt-get install janus)"));
        }
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            kill();
        }
        bridge.close();
    }
}
