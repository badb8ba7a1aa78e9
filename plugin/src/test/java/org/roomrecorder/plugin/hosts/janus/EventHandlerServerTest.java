package org.roomrecorder.plugin.hosts.janus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jitsi.utils.logging2.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.plugin.logging.Slf4jContextLogger;
import org.roomrecorder.protocol.transport.Waits;
import org.slf4j.LoggerFactory;

@DisplayName("The event-handler listener, facing hostile clients")
class EventHandlerServerTest {
    private static final String LOGGERS = "org.roomrecorder.plugin.hosts.janus";
    private static final Logger LOG = Slf4jContextLogger.create(LOGGERS + ".test", Map.of());
    private static final int MAX_CONNECTIONS = 6;
    private static final int MAX_BODY = 65_536;
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(800);
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RecordingListener core = new RecordingListener();
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final ch.qos.logback.classic.Logger backend =
            (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(LOGGERS);
    private final List<Socket> clients = new ArrayList<>();
    private EventHandlerServer server;

    @BeforeEach
    void start() throws IOException {
        appender.start();
        backend.setLevel(Level.INFO);
        backend.setAdditive(false);
        backend.addAppender(appender);
        RemoteLog remoteLog = new RemoteLog();
        server = EventHandlerServer.start(new JanusConfig.EventHandlerConfig(InetAddress.getLoopbackAddress(), 0,
                "/janus-events", MAX_BODY, MAX_CONNECTIONS, REQUEST_TIMEOUT, Duration.ofSeconds(2)),
                new EventHandlerEvents(new RoomRegistry(core, LOG), Runnable::run, LOG, remoteLog), LOG, remoteLog);
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        server.close();
        backend.detachAppender(appender);
        backend.setLevel(null);
        backend.setAdditive(true);
    }

    private static String published(int id) {
        return "{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":{\"event\":\"published\","
                + "\"room\":1,\"id\":" + id + ",\"streams\":[{\"type\":\"video\",\"mid\":\"1\"}]}}}";
    }

    private static String post(String body) {
        return "POST /janus-events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        socket.setSoTimeout((int) WAIT.toMillis());
        clients.add(socket);
        return socket;
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** The status of the next response on the connection, its headers skipped; -1 if the connection ended. */
    private static int status(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        String statusLine = line(in);
        if (statusLine == null) {
            return -1;
        }
        while (!line(in).isEmpty()) {
            // headers: the listener's answers have no body
        }
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                return line.length() == 0 ? null : line.toString();
            }
            line.append((char) b);
        }
        return line.toString().strip();
    }

    /** One request on a connection of its own, closed after the answer. */
    private int send(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            write(socket, request);
            return status(socket);
        }
    }

    private List<String> warnings() {
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    /** Sends a byte at a time until the listener drops the connection; the milliseconds that took. */
    private static long dripUntilCut(Socket socket, String text) {
        long start = System.nanoTime();
        try {
            for (int i = 0;; i = (i + 1) % text.length()) {
                socket.getOutputStream().write(text.charAt(i));
                Thread.sleep(50); // the attacker's pace, not a wait for the listener
            }
        } catch (IOException e) {
            return (System.nanoTime() - start) / 1_000_000;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    @DisplayName("delivers a real post while slow clients stall, and cuts each slow client off at request-timeout")
    void slowLoris() throws Exception {
        long start = System.nanoTime();
        write(connect(), "POST /janus-events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-"); // never finishes its head
        Socket stalledBody = connect();
        write(stalledBody, "POST /janus-events HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"type\":"); // nor its body
        Socket silent = connect();
        Socket dripping = connect();
        AtomicLong dripped = new AtomicLong();
        Thread drip = new Thread(() -> dripped.set(dripUntilCut(dripping, post(published(9)))));
        drip.start();

        assertEquals(200, send(post(published(1))));
        assertEquals(List.of("joined 1/1 null", "added 1/1 [1:VIDEO]"), core.take());

        assertEquals(-1, status(stalledBody));
        long cutAfter = (System.nanoTime() - start) / 1_000_000;
        assertTrue(cutAfter >= REQUEST_TIMEOUT.toMillis() - 50 && cutAfter < REQUEST_TIMEOUT.toMillis() + 1000,
                "a stalled body was cut off after " + cutAfter + " ms");
        assertEquals(-1, status(silent));
        drip.join(WAIT.toMillis());
        assertTrue(dripped.get() < REQUEST_TIMEOUT.toMillis() + 1000, "a drip-feeding client was cut after "
                + dripped.get() + " ms");
        System.out.printf("slow loris: a stalled body cut after %d ms, a drip-feed after %d ms (request-timeout %d ms)%n",
                cutAfter, dripped.get(), REQUEST_TIMEOUT.toMillis());
        assertTrue(warnings().stream().anyMatch(w -> w.contains("event-handler.request-timeout")), warnings()::toString);
        assertEquals(List.of(), core.take(), "nothing of the stalled requests was delivered");
    }

    @Test
    @DisplayName("refuses a body larger than max-body-bytes with 413, before reading it")
    void oversized() throws Exception {
        assertEquals(413, send("POST /janus-events HTTP/1.1\r\nContent-Length: " + (MAX_BODY + 1) + "\r\n\r\n"));
        Socket expecting = connect();
        write(expecting, "POST /janus-events HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 999999999\r\n\r\n");
        assertEquals(413, status(expecting));
        assertEquals(413, send(post("[" + "{},".repeat(MAX_BODY / 3) + "{}]")));
        assertEquals(200, send(post(published(2))));
        assertEquals(2, core.take().size());
        assertTrue(warnings().get(0).contains("event-handler.max-body-bytes"), warnings()::toString);
    }

    @Test
    @DisplayName("answers malformed JSON with 400 and wrong types with 200, one log line each, and goes on")
    void malformed() throws Exception {
        assertEquals(400, send(post("{\"type\":64,")));
        assertEquals(List.of("refused an event-handler post that is not JSON (11 bytes)"), warnings());
        appender.list.clear();
        assertEquals(200, send(post("{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":"
                + "{\"event\":\"published\",\"room\":[1],\"id\":{\"x\":1},\"streams\":\"none\"}}}")));
        assertEquals(List.of("skipped VideoRoom event 'published' without a usable room"), warnings());
        appender.list.clear();
        for (int i = 0; i < 100; i++) {
            assertEquals(400, send(post("\u0000\n\u001b[2J" + i)));
        }
        assertTrue(warnings().size() <= 21, "a flood of bad posts is logged within the budget: " + warnings().size());
        assertTrue(warnings().stream().noneMatch(w -> w.contains("\n") || w.contains("\u001b")), "no raw control");
        assertEquals(200, send(post(published(3))));
        assertEquals(2, core.take().size());
    }

    @Test
    @DisplayName("refuses what is not HTTP as it should be: bad request line, huge or many headers, NUL, chunked")
    void brokenHeads() throws Exception {
        assertEquals(400, send("GARBAGE\r\n\r\n"));
        assertEquals(400, send("POST /janus-events HTTP/2.0\r\n\r\n"));
        assertEquals(400, send("POST /janus-events HTTP/1.1\r\nContent-Length: -1\r\n\r\n"));
        assertEquals(400, send("POST /janus-events HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}"));
        assertEquals(400, send("POST /janus-events HTTP/1.1\r\nBad Header: x\r\n\r\n"));
        assertEquals(400, send("POST /janus-events HTTP/1.1\r\nX: a\u0000b\r\n\r\n"));
        assertEquals(431, send("POST /janus-events HTTP/1.1\r\nX: " + "a".repeat(20_000) + "\r\n\r\n"));
        assertEquals(431, send("POST /janus-events HTTP/1.1\r\n" + "X: a\r\n".repeat(101) + "\r\n"));
        assertEquals(411, send("POST /janus-events HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"));
        assertEquals(411, send("POST /janus-events HTTP/1.1\r\n\r\n"));
        assertEquals(405, send("GET /janus-events HTTP/1.1\r\n\r\n"));
        assertEquals(404, send("POST /elsewhere HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}"));
        assertEquals(List.of(), core.take());
    }

    @Test
    @DisplayName("serves keep-alive and Expect: 100-continue as libcurl uses them")
    void libcurlManners() throws Exception {
        Socket socket = connect();
        write(socket, post(published(4)) + post(published(5)));
        assertEquals(200, status(socket));
        assertEquals(200, status(socket));
        String body = published(6);
        write(socket, "POST /janus-events HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: " + body.length()
                + "\r\n\r\n");
        assertEquals(100, status(socket));
        write(socket, body);
        assertEquals(200, status(socket));
        assertEquals(6, core.take().size());
    }

    @Test
    @DisplayName("serves at most max-connections at once, answers one more with 503, and ends idle threads")
    void connectionCap() throws Exception {
        for (int i = 0; i < MAX_CONNECTIONS; i++) {
            connect();
        }
        assertEquals(503, send(post(published(7))));
        clients.remove(0).close();
        Waits.until(WAIT, () -> {
            try {
                return send(post(published(8))) == 200;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "a slot freed by a closed connection");
        assertEquals(List.of("joined 1/8 null", "added 1/8 [1:VIDEO]"), core.take());
        for (Socket client : clients) {
            client.close();
        }
        Waits.until(WAIT, () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("rr-janus-event-connection")), "the connection threads ended");
    }
}
