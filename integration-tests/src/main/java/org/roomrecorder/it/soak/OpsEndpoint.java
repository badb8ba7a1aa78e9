package org.roomrecorder.it.soak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.roomrecorder.it.PortBridge;
import org.roomrecorder.it.TestNetwork;

/**
 * The {@code /health} and {@code /metrics} of a worker or the plugin, which listen on loopback inside the test
 * network, read from this JVM outside it through a {@link PortBridge}.
 */
final class OpsEndpoint implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final PortBridge bridge;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    private OpsEndpoint(PortBridge bridge) {
        this.bridge = bridge;
    }

    static OpsEndpoint open(TestNetwork network, int port, Path dir, String name) throws IOException {
        return new OpsEndpoint(PortBridge.open(network, port, dir.resolve(name + "-ops.sock"),
                dir.resolve(name + "-ops-bridge.log")));
    }

    /** The body of {@code path}, whatever the status ({@code /health} answers 503 with its reason). */
    String get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bridge.port() + path))
                .timeout(TIMEOUT).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted reading " + path, e);
        }
    }

    /**
     * The sum of a Prometheus metric's samples over all its labels, from the text format: for example every state
     * of {@code room_recorder_plugin_sessions}.
     */
    double metric(String name) throws IOException {
        double sum = 0;
        for (String line : get("/metrics").split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    @Override
    public void close() throws Exception {
        bridge.close();
    }
}
