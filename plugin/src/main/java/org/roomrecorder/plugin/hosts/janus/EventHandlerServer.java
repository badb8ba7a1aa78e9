package org.roomrecorder.plugin.hosts.janus;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.hosts.janus.HttpRequestHead.HttpRefusal;

/**
 * Receives the posts of Janus's HTTP event handler (sampleevh). Of the handlers Janus ships, this one needs no
 * library: the WebSocket handler (wsevh) dials out to a WebSocket server, and the JDK has only a WebSocket client;
 * the others need a broker (MQTT, RabbitMQ, nanomsg) or speak GELF.
 *
 * <p>A small HTTP/1.1 server of its own rather than the JDK's {@code HttpServer}, because anyone who can reach the
 * port can hold it: the JDK server reads request heads on its executor's threads with no deadline unless the
 * process-wide {@code sun.net.httpserver.maxReqTime} is set, which it reads once, when the first server of the JVM
 * starts (the plugin's own metrics server, or the embedding host's), and which would change every other server of
 * the process. Here, each connection holds one of {@code max-connections} slots (one more is answered 503 and
 * closed), and a watchdog closes it when a request is not read and answered within {@code request-timeout} (a slow
 * loris: a head or body sent a byte at a time, or never finished), when a new connection sends nothing for as long,
 * or when it idles longer than {@code idle-timeout} between requests. Threads exist only while connections do.
 *
 * <p>A post is answered 200 once its events are handed over (Janus retries failed posts, which would only repeat
 * what is already known), 413 when larger than {@code max-body-bytes}, 400 when it is not JSON or not HTTP, 405 for
 * anything but POST, 404 for another path, 411 without a Content-Length. Janus posts one batch at a time and waits
 * for the answer, so the order of its events survives several connections.
 */
final class EventHandlerServer implements AutoCloseable {
    /** Back-off after a failed accept (most likely no file descriptor left), so the loop does not spin. */
    private static final long ACCEPT_RETRY_MILLIS = 100;

    private final JanusConfig.EventHandlerConfig config;
    private final EventHandlerEvents events;
    private final Logger log;
    private final RemoteLog remoteLog;
    private final ServerSocket listener;
    private final Semaphore slots;
    private final ThreadPoolExecutor connections;
    private final ScheduledExecutorService watchdog;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread acceptor;

    private EventHandlerServer(JanusConfig.EventHandlerConfig config, EventHandlerEvents events, Logger log,
            RemoteLog remoteLog, ServerSocket listener) {
        this.config = config;
        this.events = events;
        this.log = log;
        this.remoteLog = remoteLog;
        this.listener = listener;
        this.slots = new Semaphore(config.maxConnections());
        // The slots bound the threads; idle threads end, so that a burst leaves none behind.
        this.connections = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemons("rr-janus-event-connection"));
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemons("rr-janus-event-watchdog"));
        // Nearly every alarm is cancelled; kept, they would pile up for the length of a timeout.
        timer.setRemoveOnCancelPolicy(true);
        this.watchdog = timer;
        this.acceptor = new Thread(this::accept, "rr-janus-event-handler");
        acceptor.setDaemon(true);
    }

    static EventHandlerServer start(JanusConfig.EventHandlerConfig config, EventHandlerEvents events, Logger log,
            RemoteLog remoteLog) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(config.address(), config.port()), 64);
        EventHandlerServer server = new EventHandlerServer(config, events, log, remoteLog, listener);
        server.acceptor.start();
        log.info(() -> "receiving Janus's event-handler posts on http://" + config.address().getHostAddress() + ":"
                + listener.getLocalPort() + config.path());
        return server;
    }

    /** The port it listens on (the configured one, or the one chosen for port 0). */
    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!closed.get()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    remoteLog.warn(log, () -> "accepting an event-handler connection failed: " + e);
                    pause(); // out of file descriptors, most likely: accepting again at once would only spin
                }
                continue;
            }
            if (!slots.tryAcquire()) {
                remoteLog.warn(log, () -> "refused an event-handler connection: " + config.maxConnections()
                        + " are open (event-handler.max-connections)");
                turnAway(socket);
                continue;
            }
            open.add(socket);
            try {
                connections.execute(() -> serve(socket));
            } catch (RejectedExecutionException e) {
                release(socket); // closing: the connection is not served
                closeQuietly(socket);
            }
        }
    }

    private static void pause() {
        try {
            // A back-off after a failed accept, not a wait for a condition: there is nothing to poll for.
            Thread.sleep(ACCEPT_RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 503 into a fresh socket's send buffer, which never blocks on a few bytes, then close. */
    private static void turnAway(Socket socket) {
        try (socket) {
            socket.getOutputStream().write(status(503, false));
        } catch (IOException e) {
            // The client is gone already; nothing to tell it.
        }
    }

    private void serve(Socket socket) {
        AtomicBoolean timedOut = new AtomicBoolean();
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            boolean more = true;
            // A new connection gets no longer than a request to start one: idle ones would hold slots for nothing.
            Duration wait = config.requestTimeout();
            while (more && !closed.get()) {
                ScheduledFuture<?> idle = alarm(socket, wait, null);
                wait = config.idleTimeout();
                in.mark(1);
                int first = in.read();
                idle.cancel(false);
                if (first < 0) {
                    return;
                }
                in.reset();
                ScheduledFuture<?> deadline = alarm(socket, config.requestTimeout(), timedOut);
                try {
                    more = exchange(socket, in, out);
                } finally {
                    deadline.cancel(false);
                }
            }
        } catch (IOException e) {
            if (timedOut.get()) {
                remoteLog.warn(log, () -> "closed an event-handler connection whose request was not complete within "
                        + config.requestTimeout().toMillis() + " ms (event-handler.request-timeout)");
            } else {
                log.debug(() -> "an event-handler connection ended: " + e);
            }
        } catch (RuntimeException e) {
            remoteLog.error(log, "an event-handler connection failed", e);
        } finally {
            release(socket);
        }
    }

    /** Closes the socket after {@code timeout}, which ends any read or write blocked on it. */
    private ScheduledFuture<?> alarm(Socket socket, Duration timeout, AtomicBoolean fired) {
        return watchdog.schedule(() -> {
            if (fired != null) {
                fired.set(true);
            }
            closeQuietly(socket);
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Serves one request.
     *
     * @return whether the connection may carry another
     */
    private boolean exchange(Socket socket, InputStream in, OutputStream out) throws IOException {
        HttpRequestHead head;
        try {
            head = HttpRequestHead.read(in);
        } catch (HttpRefusal refusal) {
            return refuse(socket, in, out, refusal.status(), refusal.getMessage());
        }
        if (head == null) {
            return false;
        }
        int status = check(head);
        if (status != 0) {
            return refuse(socket, in, out, status, null);
        }
        if (head.expectContinue()) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body = in.readNBytes((int) head.contentLength());
        if (body.length < head.contentLength()) {
            throw new IOException("the connection ended inside a body");
        }
        status = deliver(body);
        out.write(status(status, head.keepAlive()));
        out.flush();
        return head.keepAlive();
    }

    /** The refusal a head earns before its body is read, or 0 if the body is wanted. */
    private int check(HttpRequestHead head) {
        if (!head.path().equals(config.path())) {
            return 404;
        }
        if (!"POST".equals(head.method())) {
            return 405;
        }
        if (head.chunked() || head.contentLength() < 0) {
            return 411;
        }
        if (head.contentLength() > config.maxBodyBytes()) {
            remoteLog.warn(log, () -> "refused an event-handler post of " + head.contentLength() + " bytes, more than "
                    + config.maxBodyBytes() + " (event-handler.max-body-bytes); events in it are lost");
            return 413;
        }
        return 0;
    }

    private int deliver(byte[] body) {
        try {
            if (!events.post(new String(body, StandardCharsets.UTF_8))) {
                remoteLog.warn(log, () -> "refused an event-handler post that is not JSON (" + body.length
                        + " bytes)");
                return 400;
            }
            return 200;
        } catch (RuntimeException e) {
            remoteLog.error(log, "an event-handler post could not be handled", e);
            return 500;
        }
    }

    /**
     * Answers a request whose framing cannot be trusted any more, and ends the connection. What the client still
     * sends is read and dropped (until it stops or the request's deadline closes the socket): closing with unread
     * data would reset the connection, and the client would lose the answer.
     */
    private boolean refuse(Socket socket, InputStream in, OutputStream out, int status, String reason)
            throws IOException {
        if (reason != null) {
            remoteLog.warn(log, () -> "refused an event-handler request (" + status + "): " + reason);
        }
        out.write(status(status, false));
        out.flush();
        socket.shutdownOutput();
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // The client or the deadline ended it; the answer is out.
        }
        return false;
    }

    private static byte[] status(int status, boolean keepAlive) {
        return ("HTTP/1.1 " + status + " " + reason(status) + "\r\nContent-Length: 0\r\n"
                + (status == 405 ? "Allow: POST\r\n" : "") + (keepAlive ? "" : "Connection: close\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }

    private void release(Socket socket) {
        if (open.remove(socket)) {
            slots.release();
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all that was wanted.
        }
    }

    /** Stops accepting, closes every connection and ends the threads. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            listener.close();
        } catch (IOException e) {
            log.debug(() -> "closing the event-handler listener: " + e);
        }
        open.forEach(EventHandlerServer::closeQuietly);
        connections.shutdownNow();
        watchdog.shutdownNow();
    }
}
