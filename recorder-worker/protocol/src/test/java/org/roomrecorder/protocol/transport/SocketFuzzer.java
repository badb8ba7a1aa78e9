package org.roomrecorder.protocol.transport;

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
 * Writes a worker's socket full of fuzzed frames, after a valid hello, in batches. About one frame in 300 breaks the
 * framing (a length over the limit, a negative one, a body cut short), after which the server must close the
 * connection, so the fuzzer reconnects. Replies are read and thrown away: the assertions are on the server.
 */
public final class SocketFuzzer {
    private final Path socket;
    private final FrameFuzzer frames;
    private final byte[] hello = new MessageCodec().encode(ProtocolVersion.SUPPORTED.hello("fuzzer"));
    private long sent;
    private long connections;

    public SocketFuzzer(Path socket, FrameFuzzer frames) {
        this.socket = socket;
        this.frames = frames;
    }

    /** Sends until {@code total} frames have gone, over as many connections as the broken ones cost. */
    public void run(long total) throws IOException {
        ByteBuffer batch = ByteBuffer.allocate(512 * 1024);
        SocketChannel channel = open();
        while (sent < total) {
            batch.clear();
            boolean fatal = false;
            while (batch.remaining() > 8 * 1024 && sent < total && !fatal) {
                byte[] body = frames.nextBody();
                int roll = frames.random().nextInt(300);
                sent++;
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
                fatal = true; // the server closed first: it saw the broken frame before the rest arrived
            }
            if (fatal) {
                channel.close();
                channel = open();
            }
        }
        channel.close();
    }

    public long sent() {
        return sent;
    }

    public long connections() {
        return connections;
    }

    private SocketChannel open() throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        connections++;
        Thread drain = new Thread(() -> {
            ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
            try {
                while (channel.read(sink.clear()) >= 0) {
                    // error frames and echoes: nothing to check here
                }
            } catch (IOException closed) {
                // the fuzzer closed this connection, or the server did
            }
        }, "fuzz-drain");
        drain.setDaemon(true);
        drain.start();
        write(channel, ByteBuffer.allocate(4 + hello.length).putInt(hello.length).put(hello).flip());
        return channel;
    }

    private static void write(SocketChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
