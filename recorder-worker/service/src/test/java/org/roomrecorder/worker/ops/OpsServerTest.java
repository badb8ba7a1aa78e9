package org.roomrecorder.worker.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.worker.manifest.DiskReserve;
import org.roomrecorder.worker.media.FrameMemory;
import org.roomrecorder.worker.media.SegmentFailures;
import org.roomrecorder.worker.session.SessionConfig;
import org.roomrecorder.worker.session.SessionRegistry;

class OpsServerTest {
    @TempDir
    Path dir;

    @Test
    void servesHealthAndPrometheusMetricsOnLoopback() throws Exception {
        OpsServer ops = start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ops.port() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertEquals("{\"status\":\"ok\",\"sessions\":0,\"capacity\":12,\"pluginConnections\":3}", health.body().trim());
            String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("rr_worker_capacity 12.0"), metrics);
            assertTrue(metrics.contains("rr_worker_plugin_connections 3.0"), metrics);
            assertTrue(metrics.contains("rr_worker_sessions{state=\"recording\"} 0.0"), metrics);
            assertTrue(metrics.contains("rr_worker_video_frames_total{stage=\"dropped\"} 0.0"), metrics);
            assertTrue(metrics.contains("rr_worker_encoder_lag_seconds 0.0"), metrics);
            assertTrue(metrics.contains("rr_worker_segments_failed_total{reason=\"disk-full\"} 0.0"), metrics);
            assertTrue(metrics.contains("rr_worker_disk_reserve_bytes 0.0"), metrics);
            assertTrue(metrics.contains("rr_worker_frame_memory_bytes{state=\"in-use\"} 0.0"), metrics);
            assertTrue(metrics.contains("rr_worker_frame_memory_budget_bytes 2.01326592E8"), metrics);
            assertTrue(metrics.contains("rr_worker_video_frames_no_memory_total 0.0"), metrics);
        } finally {
            ops.close();
        }
    }

    /** Clients that never finish their request hold a thread each, not the endpoint. */
    @Test
    void slowClientsDoNotHoldHealthChecks() throws Exception {
        OpsServer ops = start();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < OpsServer.HTTP_THREADS - 1; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), ops.port());
                socket.getOutputStream().write("GET /hea".getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + ops.port() + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
            ops.close();
        }
    }

    private OpsServer start() throws Exception {
        SessionConfig config = new SessionConfig(12, Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(5), dir);
        // No session is opened, so neither webrtc-java nor a media engine is needed.
        SessionRegistry sessions = new SessionRegistry(config, null, null, null, Executors.newCachedThreadPool(),
                Executors.newSingleThreadScheduledExecutor());
        return OpsServer.start("127.0.0.1", freePort(), sessions, () -> 3, new SegmentFailures(),
                new DiskReserve(dir, 0), new FrameMemory(192L << 20));
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
