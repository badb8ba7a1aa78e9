package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;

/**
 * Receives the posts of Janus's HTTP event handler (sampleevh) with the JDK's own HTTP server. Of the handlers Janus
 * ships, this one needs no library here: the WebSocket handler (wsevh) dials out to a WebSocket server, and the JDK
 * has only a WebSocket client; the others need a broker (MQTT, RabbitMQ, nanomsg) or speak GELF. A post is
 * answered 200 once read (Janus retries failed posts, which would only repeat what is already known), 413 when
 * larger than the limit, 400 when it is not JSON, 405 for anything but POST.
 */
final class EventHandlerServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;

    private EventHandlerServer(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    static EventHandlerServer start(JanusConfig.EventHandlerConfig config, EventHandlerEvents events, Logger log,
            RemoteLog remoteLog) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(config.address(), config.port()), 16);
        ExecutorService threads = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "rr-janus-event-handler");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext(config.path(), exchange -> {
            try (exchange) {
                handle(exchange, config.maxBodyBytes(), events, log, remoteLog);
            } catch (IOException | RuntimeException e) {
                remoteLog.warn(log, () -> "an event-handler post failed: " + JanusException.describe(e));
            }
        });
        server.start();
        log.info(() -> "receiving Janus's event-handler posts on http://" + config.address().getHostAddress() + ":"
                + server.getAddress().getPort() + config.path());
        return new EventHandlerServer(server, threads);
    }

    private static void handle(HttpExchange exchange, int maxBytes, EventHandlerEvents events, Logger log,
            RemoteLog remoteLog) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(405, -1);
            return;
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(maxBytes + 1);
        }
        if (body.length > maxBytes) {
            remoteLog.warn(log, () -> "refused an event-handler post larger than " + maxBytes
                    + " bytes (event-handler.max-body-bytes); events in it are lost");
            exchange.sendResponseHeaders(413, -1);
            return;
        }
        JsonNode post = JanusJson.parse(new String(body, StandardCharsets.UTF_8));
        if (post == null) {
            remoteLog.warn(log, () -> "refused an event-handler post that is not JSON (" + body.length + " bytes)");
            exchange.sendResponseHeaders(400, -1);
            return;
        }
        events.accept(post);
        exchange.sendResponseHeaders(200, -1);
    }

    /** The port it listens on (the configured one, or the one chosen for port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
