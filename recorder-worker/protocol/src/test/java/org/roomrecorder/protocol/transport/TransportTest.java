package org.roomrecorder.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.Message;
import org.roomrecorder.protocol.MessageCodec;
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.ProtocolException;
import org.roomrecorder.protocol.ProtocolVersion;
import org.roomrecorder.protocol.SampleMessages;
import org.roomrecorder.protocol.ToPlugin;
import org.roomrecorder.protocol.ToWorker;
import org.roomrecorder.protocol.Welcome;
import org.slf4j.LoggerFactory;

class TransportTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private Path socket;
    private TestWorker worker;
    private ProtocolClient client;

    @BeforeEach
    void start() throws IOException {
        socket = dir.resolve("worker.sock");
        worker = new TestWorker(socket, TransportConfig.defaults());
        client = new ProtocolClient(TransportConfig.defaults(), "test-plugin");
    }

    @AfterEach
    void stop() {
        client.close();
        worker.close();
    }

    @Test
    void everyMessageTypeCrossesARealSocketBothWays() throws Exception {
        Path raw = dir.resolve("raw.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(raw));
            try (RawPeer a = RawPeer.connect(raw); SocketChannel accepted = server.accept();
                    RawPeer b = RawPeer.wrap(accepted)) {
                for (Message message : SampleMessages.all()) {
                    a.send(message);
                    assertEquals(message, b.next(WAIT), "a to b");
                    b.send(message);
                    assertEquals(message, a.next(WAIT), "b to a");
                }
            }
        }
    }

    @Test
    void sessionMessagesTravelTheirDirectionThroughTheTransport() throws Exception {
        RecordingListener<ToPlugin> plugin = new RecordingListener<>();
        ProtocolClient.Session session = client.connect(socket, plugin);
        assertEquals(new Welcome(1, "test-worker", "w1", 8), session.welcome());
        Connection<ToWorker> workerSide = worker.connections.get(0);
        for (Message message : SampleMessages.all()) {
            if (message instanceof ToWorker request) {
                assertTrue(session.connection().send(request));
                assertEquals(request, worker.take());
                plugin.take(); // the echo worker's reply
            }
        }
        for (Message message : SampleMessages.all()) {
            if (message instanceof ToPlugin event) {
                assertTrue(workerSide.send(event));
                assertEquals(event, plugin.take());
            }
        }
        ErrorMessage fromWorker = new ErrorMessage("s-9", ErrorCode.UNKNOWN_SESSION, "no session s-9");
        workerSide.send(fromWorker);
        Waits.until(WAIT, () -> plugin.errors.contains(fromWorker), "the worker's error at the plugin");
        ErrorMessage fromPlugin = new ErrorMessage(null, ErrorCode.INTERNAL, "plugin trouble");
        session.connection().send(fromPlugin);
        Waits.until(WAIT, () -> worker.errors.contains(fromPlugin), "the plugin's error at the worker");
    }

    @Test
    void heartbeatsFlowBothWays() throws Exception {
        TransportConfig fast = TransportConfig.defaults().withHeartbeat(Duration.ofMillis(50), Duration.ofSeconds(5));
        try (TestWorker fastWorker = new TestWorker(dir.resolve("fast.sock"), fast);
                ProtocolClient fastClient = new ProtocolClient(fast, "test-plugin")) {
            Connection<ToPlugin> connection = fastClient.connect(dir.resolve("fast.sock"), new RecordingListener<>())
                    .connection();
            Waits.until(WAIT, () -> connection.lastRoundTrip() != null, "the plugin's ping answered");
            Waits.until(WAIT, () -> fastWorker.connections.get(0).lastRoundTrip() != null, "the worker's ping answered");
            assertTrue(connection.lastRoundTrip().toMillis() < 1000, connection.lastRoundTrip()::toString);
        }
    }

    /** The worker's first ping must never reach the plugin before its welcome, however soon the heartbeat ticks. */
    @Test
    void aHeartbeatAtTheHandshakeNeverOvertakesTheWelcome() throws Exception {
        TransportConfig eager = TransportConfig.defaults().withHeartbeat(Duration.ofMillis(1), Duration.ofSeconds(5));
        try (TestWorker eagerWorker = new TestWorker(dir.resolve("eager.sock"), eager);
                ProtocolClient eagerClient = new ProtocolClient(TransportConfig.defaults(), "test-plugin")) {
            for (int i = 0; i < 300; i++) {
                Connection<ToPlugin> connection = eagerClient.connect(dir.resolve("eager.sock"),
                        new RecordingListener<>()).connection();
                assertTrue(connection.isOpen(), "connection " + i + " open");
                connection.close("done");
            }
        }
    }

    @Test
    void versionMismatchIsAClearErrorOnBothSides() throws Exception {
        ListAppender<ILoggingEvent> logs = captureLogs();
        try (TestWorker newer = new TestWorker(dir.resolve("v2.sock"),
                TransportConfig.defaults().withVersions(new ProtocolVersion(2, 3)))) {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> client.connect(dir.resolve("v2.sock"), new RecordingListener<>()));
            assertEquals(ErrorCode.VERSION_MISMATCH, e.code());
            assertEquals("the worker refused the connection: the plugin (test-plugin) speaks protocol versions 1,"
                    + " this worker speaks 2 to 3", e.getMessage());
            Waits.until(WAIT, () -> logs.list.stream().anyMatch(event -> event.getFormattedMessage().contains(
                    "closing: version-mismatch: the plugin (test-plugin) speaks protocol versions 1, this worker speaks"
                            + " 2 to 3")), "the worker's log line");
            Waits.until(WAIT, () -> newer.server().connections().isEmpty(), "the worker to drop the connection");
        } finally {
            releaseLogs(logs);
        }
    }

    @Test
    void aWorkerThatChoosesAnUnspokenVersionIsRefusedByThePlugin() throws Exception {
        Path fake = dir.resolve("fake.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(fake));
            Thread fakeWorker = new Thread(() -> {
                try (RawPeer peer = RawPeer.wrap(server.accept())) {
                    peer.next(WAIT);
                    peer.send(new Welcome(7, "future-worker", "w", 1));
                    peer.next(WAIT);
                } catch (IOException | AssertionError ignored) {
                    // The test asserts on the client side.
                }
            });
            fakeWorker.start();
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> client.connect(fake, new RecordingListener<>()));
            assertEquals(ErrorCode.VERSION_MISMATCH, e.code());
            assertEquals("the worker (future-worker) chose protocol version 7, this plugin speaks 1 to 1", e.getMessage());
            fakeWorker.join(WAIT.toMillis());
        }
    }

    @Test
    void aDisallowedPeerIsRefused() throws Exception {
        try (TestWorker strict = new TestWorker(dir.resolve("strict.sock"), TransportConfig.defaults(),
                principal -> false)) {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> client.connect(dir.resolve("strict.sock"), new RecordingListener<>()));
            assertEquals(ErrorCode.PEER_NOT_ALLOWED, e.code());
            assertTrue(e.getMessage().contains("may not use this worker"), e.getMessage());
        }
    }

    @Test
    void aThrowingListenerDoesNotTakeTheConnectionDown() throws Exception {
        Path path = dir.resolve("throwing.sock");
        RecordingListener<ToWorker> after = new RecordingListener<>();
        try (ProtocolServer server = ProtocolServer.start(path, TransportConfig.defaults(),
                v -> new Welcome(v, "w", "w", 1), ProtocolServer.PeerPolicy.ANY, c -> (connection, message) -> {
                    if (message instanceof Offer offer && offer.sdp().equals("boom")) {
                        throw new IllegalStateException("listener bug");
                    }
                    after.onMessage(connection, message);
                })) {
            Connection<ToPlugin> connection = client.connect(path, new RecordingListener<>()).connection();
            connection.send(new Offer("s", "boom"));
            connection.send(new Offer("s", "fine"));
            assertEquals(new Offer("s", "fine"), after.take());
            assertTrue(connection.isOpen());
        }
    }

    @Test
    void theSocketFileIsGroupOnlyAndALiveSocketIsNotTakenOver() throws Exception {
        assertEquals(PosixFilePermissions.fromString("rw-rw----"), Files.getPosixFilePermissions(socket));
        IOException e = assertThrows(IOException.class, () -> new TestWorker(socket, TransportConfig.defaults()));
        assertTrue(e.getMessage().contains("another process already listens"), e.getMessage());
    }

    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        Path stale = dir.resolve("stale.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(stale));
        dead.close(); // leaves the file behind, as a killed worker does
        assertTrue(Files.exists(stale));
        try (TestWorker fresh = new TestWorker(stale, TransportConfig.defaults())) {
            assertNotNull(client.connect(stale, new RecordingListener<>()).welcome());
        }
    }

    @Test
    void closingSendsQueuedFramesFirstAndTellsBothSides() throws Exception {
        RecordingListener<ToPlugin> plugin = new RecordingListener<>();
        Connection<ToPlugin> connection = client.connect(socket, plugin).connection();
        Connection<ToWorker> workerSide = worker.connections.get(0);
        for (int i = 0; i < 1000; i++) {
            workerSide.send(new org.roomrecorder.protocol.Opened("s-" + i));
        }
        workerSide.close("test over");
        for (int i = 0; i < 1000; i++) {
            assertEquals("s-" + i, plugin.take().session());
        }
        Waits.until(WAIT, () -> plugin.closedReason != null, "the plugin to see the close");
        assertEquals("the peer closed the connection", plugin.closedReason);
        assertFalse(connection.isOpen());
        assertFalse(connection.send(new Offer("s", "late")), "sending on a closed connection reports false");
    }

    @Test
    void typeNamesOfTheCatalog() {
        List<String> names = SampleMessages.all().stream().map(MessageCodec::typeName).distinct().toList();
        assertEquals(List.of("hello", "welcome", "ping", "pong", "error", "open", "opened", "offer", "answer",
                "candidate", "end-of-candidates", "close", "closed", "state", "stats"), names);
    }

    static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logger.addAppender(appender);
        return appender;
    }

    static void releaseLogs(ListAppender<ILoggingEvent> appender) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .detachAppender(appender);
    }

    static void assertErrorFrame(Message m, ErrorCode code) {
        ErrorMessage error = assertInstanceOf(ErrorMessage.class, m);
        assertEquals(code, error.code(), error::message);
    }
}
