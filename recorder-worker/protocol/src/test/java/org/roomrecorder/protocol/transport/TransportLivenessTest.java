package org.roomrecorder.protocol.transport;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.roomrecorder.protocol.transport.TransportTest.assertErrorFrame;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.Limits;
import org.roomrecorder.protocol.Message;
import org.roomrecorder.protocol.Ping;
import org.roomrecorder.protocol.ProtocolVersion;
import org.roomrecorder.protocol.Stats;
import org.roomrecorder.protocol.ToWorker;

/** Peers that go silent, trickle bytes or stop reading are cut off; they never hold the worker hostage. */
class TransportLivenessTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final TransportConfig SHORT = new TransportConfig(Limits.DEFAULT_MAX_FRAME_BYTES,
            Duration.ofMillis(100), Duration.ofMillis(400), Duration.ofMillis(300), 16, ProtocolVersion.SUPPORTED);

    @TempDir
    Path dir;

    @Test
    void aPeerThatNeverSaysHelloIsClosedAfterTheHandshakeTimeout() throws Exception {
        try (TestWorker worker = new TestWorker(dir.resolve("w.sock"), SHORT);
                RawPeer peer = RawPeer.connect(dir.resolve("w.sock"))) {
            assertErrorFrame(peer.next(WAIT), ErrorCode.TIMEOUT);
            assertSame(RawPeer.EOF, peer.next(WAIT));
        }
    }

    @Test
    void aSilentPeerIsClosedAfterTheHeartbeatTimeout() throws Exception {
        try (TestWorker worker = new TestWorker(dir.resolve("w.sock"), SHORT);
                RawPeer peer = RawPeer.handshaken(dir.resolve("w.sock"))) {
            Message m;
            do {
                m = peer.next(WAIT);
            } while (m instanceof Ping);
            assertErrorFrame(m, ErrorCode.TIMEOUT);
            assertSame(RawPeer.EOF, peer.next(WAIT));
        }
    }

    @Test
    void aSlowLorisThatTricklesOneFrameIsClosed() throws Exception {
        try (TestWorker worker = new TestWorker(dir.resolve("w.sock"), SHORT);
                RawPeer peer = RawPeer.handshaken(dir.resolve("w.sock"))) {
            peer.sendRaw(ByteBuffer.allocate(4).putInt(0, 1000));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (worker.server().connections().size() == 1 && System.nanoTime() < deadline) {
                try {
                    peer.sendRaw(ByteBuffer.wrap(new byte[] {' '}));
                } catch (java.io.IOException closed) {
                    break;
                }
                Thread.sleep(20); // the trickle itself: one byte every 20 ms, never a whole frame
            }
            Waits.until(WAIT, () -> worker.server().connections().isEmpty(), "the slow loris to be dropped");
        }
    }

    @Test
    void aPeerThatStopsReadingIsClosedInsteadOfBlockingTheSender() throws Exception {
        try (TestWorker worker = new TestWorker(dir.resolve("w.sock"), SHORT.withHeartbeat(
                Duration.ofSeconds(10), Duration.ofSeconds(30)));
                java.nio.channels.SocketChannel mute = java.nio.channels.SocketChannel.open(
                        java.net.UnixDomainSocketAddress.of(dir.resolve("w.sock")))) {
            byte[] hello = new org.roomrecorder.protocol.MessageCodec().encode(ProtocolVersion.SUPPORTED.hello("mute"));
            mute.write(ByteBuffer.allocate(4 + hello.length).putInt(hello.length).put(hello).flip());
            Waits.until(WAIT, () -> !worker.connections.isEmpty(), "the handshake");
            Connection<ToWorker> connection = worker.connections.get(0);
            long started = System.nanoTime();
            while (connection.send(new Stats("s", 1, 1, 0, 1, 1, 0))) {
                assertTrue(System.nanoTime() - started < WAIT.toNanos(), "send must fail fast once the peer is stuck");
            }
            Waits.until(WAIT, () -> connection.closeReason() != null, "the close");
            assertTrue(connection.closeReason().contains("stopped reading"), connection.closeReason());
        }
    }
}
