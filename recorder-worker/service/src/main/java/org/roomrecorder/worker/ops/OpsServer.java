package org.roomrecorder.worker.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.roomrecorder.worker.manifest.DiskReserve;
import org.roomrecorder.worker.media.FrameMemory;
import org.roomrecorder.worker.media.SegmentFailures;
import org.roomrecorder.worker.session.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health ({@code /health}, JSON) and Prometheus metrics ({@code /metrics}) on a loopback HTTP port. Every metric
 * is read from the live sessions when scraped, so nothing is counted twice or goes stale.
 */
public final class OpsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpsServer.class);
    static final int HTTP_THREADS = 4;

    private final HttpServer http;

    private OpsServer(HttpServer http) {
        this.http = http;
    }

    /** Returns null when {@code port} is 0 (off). */
    public static OpsServer start(String host, int port, SessionRegistry sessions, IntSupplier connections,
            SegmentFailures failures, DiskReserve reserve, FrameMemory frames) throws IOException {
        if (port == 0) {
            return null;
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        GaugeWithCallback.builder().name("rr_worker_sessions").help("Recording sessions on this worker, by state")
                .labelNames("state").callback(cb -> {
                    long recording = sessions.recording();
                    cb.call(recording, "recording");
                    cb.call(sessions.size() - recording, "negotiating");
                }).register(registry);
        GaugeWithCallback.builder().name("rr_worker_capacity").help("Most sessions this worker accepts")
                .callback(cb -> cb.call(sessions.capacity())).register(registry);
        GaugeWithCallback.builder().name("rr_worker_plugin_connections").help("Plugins connected to this worker")
                .callback(cb -> cb.call(connections.getAsInt())).register(registry);
        CounterWithCallback.builder().name("rr_worker_video_frames").help("Video frames, by stage: in = decoded, "
                + "out = written at the constant frame rate, dropped = decoded but replaced before being written")
                .labelNames("stage").callback(cb -> {
                    long[] totals = sessions.videoFrameTotals();
                    cb.call(totals[0], "in");
                    cb.call(totals[1], "out");
                    cb.call(totals[2], "dropped");
                }).register(registry);
        CounterWithCallback.builder().name("rr_worker_segments_failed").help("Segment files that ended in a failure, "
                + "by cause: disk-full = the output file system filled up, encoder-failed = FFmpeg failed otherwise")
                .labelNames("reason").callback(cb -> {
                    cb.call(failures.diskFull(), "disk-full");
                    cb.call(failures.encoderFailed(), "encoder-failed");
                }).register(registry);
        GaugeWithCallback.builder().name("rr_worker_disk_reserve_bytes").help("Space held back on the output file "
                + "system for manifests (output.disk-reserve); below its setting while the disk is or was full")
                .callback(cb -> cb.call(reserve.held())).register(registry);
        GaugeWithCallback.builder().name("rr_worker_frame_memory_bytes").help("The memory video frames live in, off "
                + "the heap, by state: in-use = frames waiting to be written and the last one written of each session, "
                + "free = kept for reuse")
                .labelNames("state").callback(cb -> {
                    long inUse = frames.inUse();
                    cb.call(inUse, "in-use");
                    cb.call(Math.max(0, frames.allocated() - inUse), "free");
                }).register(registry);
        GaugeWithCallback.builder().name("rr_worker_frame_memory_budget_bytes").help("The most the frame memory may "
                + "hold (media.frame-memory)").callback(cb -> cb.call(frames.budget())).register(registry);
        CounterWithCallback.builder().name("rr_worker_video_frames_no_memory").help("Decoded video frames dropped "
                + "because the frame memory had no room for them, also counted in rr_worker_video_frames "
                + "{stage=dropped}")
                .callback(cb -> cb.call(frames.refused())).register(registry);
        GaugeWithCallback.builder().name("rr_worker_encoder_lag_seconds")
                .help("The largest delay of any session between a frame's due time and its hand-over to FFmpeg")
                .callback(cb -> cb.call(sessions.maxEncoderLagMillis() / 1000.0)).register(registry);

        HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 0);
        // A few threads, so that a client slow to send its request does not hold every scrape and health check;
        // started at once rather than by the first requests, so that the worker's thread count is steady from the
        // start and one that grows is a leak.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, "rr-ops-http");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.prestartAllCoreThreads();
        http.setExecutor(executor);
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        http.createContext("/metrics", exchange -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writer.write(body, registry.scrape());
            respond(exchange, writer.getContentType(), body.toByteArray());
        });
        http.createContext("/health", exchange -> respond(exchange, "application/json", String.format(
                "{\"status\":\"ok\",\"sessions\":%d,\"capacity\":%d,\"pluginConnections\":%d}%n", sessions.size(),
                sessions.capacity(), connections.getAsInt()).getBytes(StandardCharsets.UTF_8)));
        http.start();
        log.info("health and metrics on http://{}:{}/health and /metrics", host, http.getAddress().getPort());
        return new OpsServer(http);
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private static void respond(HttpExchange exchange, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
