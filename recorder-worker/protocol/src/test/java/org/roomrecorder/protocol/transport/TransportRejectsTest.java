package org.roomrecorder.protocol.transport;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roomrecorder.protocol.transport.TransportTest.assertErrorFrame;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.roomrecorder.protocol.Answer;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.Limits;
import org.roomrecorder.protocol.Message;
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.Ping;
import org.roomrecorder.protocol.Pong;

/** Bad frames against a live worker-side transport: a typed error each, and the connection survives when it can. */
class TransportRejectsTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private TestWorker worker;
    private RawPeer peer;

    @BeforeEach
    void start() throws IOException {
        worker = new TestWorker(dir.resolve("w.sock"), TransportConfig.defaults());
        peer = RawPeer.handshaken(dir.resolve("w.sock"));
    }

    @AfterEach
    void stop() throws IOException {
        peer.close();
        worker.close();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            not json at all                                       | MALFORMED_JSON
            '{"type":"offer","session":"s","sdp":"v=0"'           | MALFORMED_JSON
            '{"type":"warp","session":"s"}'                       | UNKNOWN_TYPE
            '{"type":"offer","session":"s","sdp":17}'             | WRONG_FIELD_TYPE
            '{"type":"offer","session":"s"}'                      | MISSING_FIELD
            '{"type":"answer","session":"s","sdp":"v=0"}'         | UNEXPECTED_MESSAGE
            '{"type":"hello","minVersion":1,"maxVersion":1,"software":"again"}' | UNEXPECTED_MESSAGE
            """)
    void aBadBodyEarnsATypedErrorAndTheConnectionStaysUsable(String body, ErrorCode expected) throws Exception {
        peer.sendFrame(body.getBytes(UTF_8));
        assertErrorFrame(peer.nextNonPing(WAIT), expected);
        assertConnectionUsable();
    }

    @Test
    void oversizeFieldsAreRefusedAndNameTheirSession() throws Exception {
        peer.send(new Offer("ok", "v=0"));
        assertEquals(new Answer("ok", "v=0"), peer.nextNonPing(WAIT));
        String body = "{\"type\":\"offer\",\"session\":\"s-7\",\"sdp\":\"" + "a".repeat(Limits.MAX_SDP_CHARS + 1) + "\"}";
        peer.sendFrame(body.getBytes(UTF_8));
        Message reply = peer.nextNonPing(WAIT);
        assertErrorFrame(reply, ErrorCode.FIELD_TOO_LONG);
        assertEquals("s-7", ((ErrorMessage) reply).session());
        peer.sendFrame(("{\"type\":\"close\",\"session\":\"" + "x".repeat(300) + "\",\"reason\":\"r\"}").getBytes(UTF_8));
        assertErrorFrame(peer.nextNonPing(WAIT), ErrorCode.FIELD_TOO_LONG);
        peer.sendFrame(("{\"type\":\"candidate\",\"session\":\"s\",\"sdpMid\":\"0\",\"candidate\":\""
                + "c".repeat(Limits.MAX_CANDIDATE_CHARS + 1) + "\"}").getBytes(UTF_8));
        assertErrorFrame(peer.nextNonPing(WAIT), ErrorCode.FIELD_TOO_LONG);
        assertConnectionUsable();
    }

    @Test
    void anOversizeFrameClosesTheConnectionAfterAnErrorFrame() throws Exception {
        peer.sendRaw(ByteBuffer.allocate(4).putInt(0, Limits.DEFAULT_MAX_FRAME_BYTES + 1));
        assertErrorFrame(peer.nextNonPing(WAIT), ErrorCode.FRAME_TOO_LARGE);
        assertSame(RawPeer.EOF, peer.nextNonPing(WAIT));
    }

    @Test
    void aZeroOrNegativeLengthClosesTheConnection() throws Exception {
        peer.sendRaw(ByteBuffer.allocate(4).putInt(0, -5));
        assertErrorFrame(peer.nextNonPing(WAIT), ErrorCode.BAD_FRAME_LENGTH);
        assertSame(RawPeer.EOF, peer.nextNonPing(WAIT));
    }

    @Test
    void aTruncatedFrameClosesTheConnectionAfterAnErrorFrame() throws Exception {
        peer.sendRaw(ByteBuffer.allocate(4 + 10).putInt(100).put("{\"type\":\"o".getBytes(UTF_8)).flip());
        peer.shutdownOutput();
        assertErrorFrame(peer.nextNonPing(WAIT), ErrorCode.TRUNCATED_FRAME);
        assertSame(RawPeer.EOF, peer.nextNonPing(WAIT));
    }

    @Test
    void aSessionMessageBeforeTheHandshakeClosesTheConnection() throws Exception {
        try (RawPeer early = RawPeer.connect(dir.resolve("w.sock"))) {
            early.send(new Offer("s", "v=0"));
            assertErrorFrame(early.next(WAIT), ErrorCode.HANDSHAKE_REQUIRED);
            assertSame(RawPeer.EOF, early.next(WAIT));
        }
    }

    @Test
    void garbageBeforeTheHandshakeClosesTheConnection() throws Exception {
        try (RawPeer early = RawPeer.connect(dir.resolve("w.sock"))) {
            early.sendFrame("GET / HTTP/1.1".getBytes(UTF_8));
            assertErrorFrame(early.next(WAIT), ErrorCode.MALFORMED_JSON);
            assertSame(RawPeer.EOF, early.next(WAIT));
        }
    }

    private void assertConnectionUsable() throws IOException {
        peer.send(new Ping(42L));
        assertEquals(new Pong(42L), peer.nextNonPing(WAIT));
        peer.send(new Offer("after", "v=0"));
        assertEquals(new Answer("after", "v=0"), peer.nextNonPing(WAIT));
    }

    /** A peer that reconnects after every violation gets no fresh log budget: the server's warnings share one. */
    @Test
    void reconnectingPeersShareOneLogBudget() throws Exception {
        ListAppender<ILoggingEvent> logs = TransportTest.captureLogs();
        try {
            for (int i = 0; i < 80; i++) {
                try (RawPeer violator = RawPeer.handshaken(dir.resolve("w.sock"))) {
                    violator.sendRaw(ByteBuffer.allocate(4).putInt(-1).flip());
                    Message reply;
                    do {
                        reply = violator.nextNonPing(WAIT); // the error frame, then the end: the server hung up
                    } while (reply != RawPeer.EOF);
                }
            }
            long closings = logs.list.stream().filter(e -> e.getLevel() == Level.WARN
                    && e.getFormattedMessage().contains("closing:")).count();
            assertTrue(closings <= 50, closings + " warnings for 80 violations");
        } finally {
            TransportTest.releaseLogs(logs);
        }
    }
}
