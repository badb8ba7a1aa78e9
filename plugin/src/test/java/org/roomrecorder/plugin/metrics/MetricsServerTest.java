package org.roomrecorder.plugin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
    @Test
    @DisplayName("clients that never finish their request hold a thread each, not the health check")
    void slowClientsDoNotHoldHealthChecks() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        MetricsServer server = MetricsServer.start(new MetricsConfig(port, InetAddress.getLoopbackAddress()),
                new PluginMetrics(), () -> new Health(true, "test"));
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < MetricsServer.HTTP_THREADS - 1; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.getOutputStream().write("GET /hea".getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals("ok: test", health.body().trim());
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
            server.close();
        }
    }
}
