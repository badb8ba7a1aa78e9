package org.roomrecorder.protocol.transport;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.protocol.Message;
import org.roomrecorder.protocol.MessageCodec;
import org.roomrecorder.protocol.ProtocolException;
import org.roomrecorder.protocol.ProtocolVersion;
import org.roomrecorder.protocol.Welcome;

/**
 * A peer that speaks raw frames, for tests that must send what the real transport never would. A background
 * thread reads the other side's frames into a queue; {@link #next} takes them with a deadline.
 */
public final class RawPeer implements AutoCloseable {
    /** Stands for the end of the stream in {@link #next}. */
    public static final Message EOF = new org.roomrecorder.protocol.Opened("<end of stream>");

    private final SocketChannel channel;
    private final MessageCodec codec = new MessageCodec();
    private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();

    private RawPeer(SocketChannel channel) {
        this.channel = channel;
        Thread reader = new Thread(this::readLoop, "raw-peer-reader");
        reader.setDaemon(true);
        reader.start();
    }

    public static RawPeer connect(Path socket) throws IOException {
        return new RawPeer(SocketChannel.open(UnixDomainSocketAddress.of(socket)));
    }

    static RawPeer wrap(SocketChannel channel) {
        return new RawPeer(channel);
    }

    /** Connects and completes a well-formed handshake. */
    public static RawPeer handshaken(Path socket) throws IOException {
        RawPeer peer = connect(socket);
        peer.send(ProtocolVersion.SUPPORTED.hello("raw-peer"));
        Message reply = peer.next(Duration.ofSeconds(5));
        if (!(reply instanceof Welcome)) {
            throw new AssertionError("expected welcome, got " + reply);
        }
        return peer;
    }

    private void readLoop() {
        FrameReader frames = new FrameReader(channel, 64 * 1024 * 1024);
        try {
            ByteBuffer body;
            while ((body = frames.next()) != null) {
                byte[] copy = new byte[body.remaining()];
                body.get(copy);
                try {
                    received.add(codec.decode(copy));
                } catch (ProtocolException e) {
                    received.add(e);
                }
            }
        } catch (IOException | ProtocolException e) {
            // The other side hung up or reset: both end the stream for the test.
        }
        received.add(EOF);
    }

    public void send(Message message) throws IOException {
        sendFrame(codec.encode(message));
    }

    public void sendFrame(byte[] body) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).flip();
        sendRaw(frame);
    }

    public void sendRaw(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** The next frame from the other side, {@link #EOF} at the end of the stream; fails after the timeout. */
    public Message next(Duration timeout) {
        try {
            Object item = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (item == null) {
                throw new AssertionError("no frame within " + timeout.toMillis() + " ms");
            }
            if (item instanceof ProtocolException e) {
                throw new AssertionError("the other side sent an undecodable frame: " + e);
            }
            return (Message) item;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Skips heartbeat pings, which either side may send at any time. */
    public Message nextNonPing(Duration timeout) {
        Message m;
        do {
            m = next(timeout);
        } while (m instanceof org.roomrecorder.protocol.Ping);
        return m;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
