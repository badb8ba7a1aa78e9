package org.roomrecorder.plugin.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves {@code /metrics} (Prometheus text format) and {@code /health} (200 or 503 with a one-line reason) with the
 * JDK's HTTP server on one daemon thread: scrapes are rare and cheap, and the JDK server needs no dependency.
 */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);

    static final int HTTP_THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts the server, or returns null when the configured port is 0. */
    public static MetricsServer start(MetricsConfig config, PluginMetrics metrics, Supplier<Health> health)
            throws IOException {
        if (config.port() == 0) {
            return null;
        }
        return startOn(new InetSocketAddress(config.address(), config.port()), metrics, health);
    }

    private static MetricsServer startOn(InetSocketAddress address, PluginMetrics metrics, Supplier<Health> health)
            throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
        server.createContext("/metrics", exchange -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            writer.write(body, metrics.registry().scrape());
            reply(exchange, 200, writer.getContentType(), body.toByteArray());
        });
        server.createContext("/health", exchange -> {
            Health now = health.get();
            reply(exchange, now.healthy() ? 200 : 503, "text/plain; charset=utf-8",
                    ((now.healthy() ? "ok: " : "unhealthy: ") + now.detail() + "\n").getBytes(UTF_8));
        });
        // A few threads, so that a client slow to send its request does not hold every scrape and health check;
        // started at once rather than by the first requests, so that the plugin's thread count is steady from the
        // start and one that grows is a leak.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread thread = new Thread(r, "rr-plugin-metrics");
                    thread.setDaemon(true);
                    return thread;
                });
        executor.prestartAllCoreThreads();
        server.setExecutor(executor);
        server.start();
        log.info("metrics on http://{}:{}/metrics, health on /health", address.getHostString(),
                server.getAddress().getPort());
        return new MetricsServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
