package org.roomrecorder.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.protocol.transport.Waits;

/**
 * Makes a TCP port inside the test network reachable from this JVM, which runs outside it. A TCP port cannot be
 * reached across network namespaces, but a socket file can: a small JVM inside the network (this class's
 * {@link #main}) accepts on a socket file and connects each connection to the port; this JVM accepts on a loopback
 * port of its own and connects each connection to the socket file. Bytes are copied unchanged both ways.
 */
public final class PortBridge implements AutoCloseable {
    private final Process inside;
    private final ServerSocketChannel outside;

    private PortBridge(Process inside, ServerSocketChannel outside) {
        this.inside = inside;
        this.outside = outside;
    }

    /** Bridges {@code port} on 127.0.0.1 inside {@code network} through {@code socket} to a loopback port here. */
    public static PortBridge open(TestNetwork network, int port, Path socket, Path log) throws IOException {
        Files.deleteIfExists(socket);
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", classPath(), PortBridge.class.getName(),
                socket.toString(), String.valueOf(port)));
        Process inside = new ProcessBuilder(network.command(java)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        try {
            Waits.until(Duration.ofSeconds(20), () -> Files.exists(socket) || !inside.isAlive(),
                    "the bridge inside the network to listen on " + socket);
            if (!inside.isAlive()) {
                throw new IOException("the bridge inside the network exited: " + Files.readString(log));
            }
            ServerSocketChannel outside = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            PortBridge bridge = new PortBridge(inside, outside);
            accept(outside, UnixDomainSocketAddress.of(socket), "bridge-outside");
            return bridge;
        } catch (IOException | RuntimeException | Error e) {
            inside.destroyForcibly();
            throw e;
        }
    }

    /** The loopback port of this JVM's network that leads to the bridged port. */
    public int port() {
        return ((InetSocketAddress) outside.socket().getLocalSocketAddress()).getPort();
    }

    /** The half inside the network: {@code <socket file> <port>}. Runs until killed. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path socket = Path.of(args[0]);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(socket));
        accept(server, new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])), "bridge-inside").join();
    }

    private static Thread accept(ServerSocketChannel server, SocketAddress target, String name) {
        Thread acceptor = new Thread(() -> {
            while (server.isOpen()) {
                try {
                    SocketChannel from = server.accept();
                    try {
                        SocketChannel to = SocketChannel.open(target);
                        copy(from, to, name);
                        copy(to, from, name);
                    } catch (IOException e) {
                        // Nothing listens on the target yet (Janus still starting): the client sees a closed
                        // connection and retries.
                        closeQuietly(from);
                    }
                } catch (IOException e) {
                    return; // the server socket was closed
                }
            }
        }, name);
        acceptor.setDaemon(true);
        acceptor.start();
        return acceptor;
    }

    /**
     * Copies one direction; when it ends, both channels close, which ends the other direction too. Channel reads and
     * writes, not {@code Channels.newInputStream}: on JDK 17 its streams share one lock per channel, so a read
     * blocked in one direction would stall the write of the other.
     */
    private static void copy(SocketChannel from, SocketChannel to, String name) {
        Thread copier = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
            } catch (IOException e) {
                // the other direction closed the channels first
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, name + "-copy");
        copier.setDaemon(true);
        copier.start();
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }

    @Override
    public void close() throws Exception {
        outside.close();
        inside.destroyForcibly();
        inside.waitFor(10, TimeUnit.SECONDS);
    }
}
