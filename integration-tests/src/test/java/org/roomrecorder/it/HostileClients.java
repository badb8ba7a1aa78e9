package org.roomrecorder.it;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import org.roomrecorder.protocol.FrameFuzzer;
import org.roomrecorder.protocol.Limits;
import org.roomrecorder.protocol.MessageCodec;
import org.roomrecorder.protocol.ProtocolVersion;

/**
 * Clients that misbehave on a worker's socket: seeded hostile frames after a valid handshake, and connections
 * that come and go. They only send; what the worker does about it is for the test to check.
 */
final class HostileClients {
    private static final byte[] HELLO = new MessageCodec().encode(ProtocolVersion.SUPPORTED.hello("hostile-client"));

    private final Path socket;
    long framesSent;
    long connections;

    HostileClients(Path socket) {
        this.socket = socket;
    }

    /**
     * Sends {@code total} frames from {@code frames} in batches. About one frame in 100 breaks the framing (a length
     * over the limit, a negative one, or a body cut short), after which the worker must close the connection, so
     * the fuzzer reconnects.
     */
    void fuzz(FrameFuzzer frames, long total) throws IOException {
        ByteBuffer batch = ByteBuffer.allocate(512 * 1024);
        SocketChannel channel = open();
        while (framesSent < total) {
            batch.clear();
            boolean fatal = false;
            while (batch.remaining() > 8 * 1024 && framesSent < total && !fatal) {
                byte[] body = frames.nextBody();
                int roll = frames.random().nextInt(300);
                framesSent++;
                if (roll == 0) {
                    batch.putInt(Limits.DEFAULT_MAX_FRAME_BYTES + 1 + frames.random().nextInt(1 << 20));
                    fatal = true;
                } else if (roll == 1) {
                    batch.putInt(-frames.random().nextInt(1 << 20));
                    fatal = true;
                } else if (roll == 2 || body.length + 4 > batch.remaining()) {
                    batch.putInt(body.length + 10).put(body, 0, Math.min(body.length, batch.remaining()));
                    fatal = true;
                } else {
                    batch.putInt(body.length).put(body);
                }
            }
            try {
                write(channel, batch.flip());
                if (fatal) {
                    channel.shutdownOutput();
                }
            } catch (IOException e) {
                fatal = true; // the worker closed first: it saw the broken frame before the rest arrived
            }
            if (fatal) {
                channel.close();
                channel = open();
            }
        }
        channel.close();
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

    private SocketChannel open() throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        connections++;
        // The worker answers bad frames with error frames: read them, or its send queue for us would fill up.
        Thread drain = new Thread(() -> {
            ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
            try {
                while (channel.read(sink.clear()) >= 0) {
                    // discarded: the test judges the worker by its process, log and later behaviour
                }
            } catch (IOException closed) {
                // this side or the worker closed the connection
            }
        }, "hostile-drain");
        drain.setDaemon(true);
        drain.start();
        write(channel, ByteBuffer.allocate(4 + HELLO.length).putInt(HELLO.length).put(HELLO).flip());
        return channel;
    }

    private static void write(SocketChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
