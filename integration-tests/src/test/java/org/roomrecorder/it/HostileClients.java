package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.FrameFuzzer;
import org.roomrecorder.protocol.Message;
import org.roomrecorder.protocol.MessageCodec;
import org.roomrecorder.protocol.ProtocolVersion;
import org.roomrecorder.protocol.transport.RawPeer;
import org.roomrecorder.protocol.transport.SocketFuzzer;

/**
 * Clients that misbehave on a worker's socket: seeded hostile frames after a valid handshake, connections that
 * come and go, and slow lorises. They only send, except the lorises, which also check how they were cut off.
 */
final class HostileClients {
    private static final byte[] HELLO = new MessageCodec().encode(ProtocolVersion.SUPPORTED.hello("hostile-client"));

    private final Path socket;
    long framesSent;
    long connections;

    HostileClients(Path socket) {
        this.socket = socket;
    }

    /** Sends {@code total} fuzzed frames from {@code frames}, reconnecting after each that breaks the framing. */
    void fuzz(FrameFuzzer frames, long total) throws IOException {
        SocketFuzzer fuzzer = new SocketFuzzer(socket, frames);
        fuzzer.run(total);
        framesSent += fuzzer.sent();
        connections += fuzzer.connections();
    }

    /** Connects and hangs up {@code count} times: every other time right after the handshake, else before it. */
    void connectAndHangUp(int count) throws IOException {
        for (int i = 0; i < count; i++) {
            try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                connections++;
                if (i % 2 == 0) {
                    write(channel, ByteBuffer.allocate(4 + HELLO.length).putInt(HELLO.length).put(HELLO).flip());
                    ByteBuffer welcome = ByteBuffer.allocate(4);
                    while (welcome.hasRemaining() && channel.read(welcome) >= 0) {
                        // the welcome's length prefix: the handshake got that far
                    }
                }
            }
        }
    }

    /**
     * A peer that trickles one byte every 200 ms and never completes a frame: a hello, so the handshake timeout
     * (5 s) must cut it off, or after the handshake a frame, so the heartbeat timeout (15 s) must. The task ends
     * with the milliseconds it took the worker to send its timeout error and hang up.
     */
    static FutureTask<Long> slowLoris(Path socket, boolean handshaken) throws IOException {
        RawPeer peer = handshaken ? RawPeer.handshaken(socket) : RawPeer.connect(socket);
        byte[] trickle = handshaken ? ByteBuffer.allocate(4 + 1000).putInt(1000).array()
                : ByteBuffer.allocate(4 + HELLO.length).putInt(HELLO.length).put(HELLO).array();
        long started = System.nanoTime();
        Thread sender = new Thread(() -> {
            try {
                for (int i = 0; i < trickle.length; i++) {
                    peer.sendRaw(ByteBuffer.wrap(trickle, i, 1));
                    Thread.sleep(200); // the trickle itself: never a whole frame in time
                }
            } catch (IOException | InterruptedException cutOff) {
                // the worker hung up
            }
        }, "slow-loris");
        sender.setDaemon(true);
        sender.start();
        FutureTask<Long> cutOff = new FutureTask<>(() -> {
            try (peer) {
                Message error = peer.nextNonPing(Duration.ofSeconds(25));
                assertEquals(ErrorCode.TIMEOUT, assertInstanceOf(ErrorMessage.class, error).code(), error::toString);
                assertSame(RawPeer.EOF, peer.nextNonPing(Duration.ofSeconds(10)));
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            }
        });
        Thread waiter = new Thread(cutOff, "slow-loris-cut-off");
        waiter.setDaemon(true);
        waiter.start();
        return cutOff;
    }

    private static void write(SocketChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
