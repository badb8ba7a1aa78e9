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
 * Makes a TCP port inside the test network reachable from this JVM, which runs outside it, or the other way round
 * ({@link #reverse}). A TCP port cannot be reached across network namespaces, but a socket file can: a small JVM
 * inside the network (this class's {@link #main}) accepts on a socket file and connects each connection to the
 * port; this JVM accepts on a loopback port of its own and connects each connection to the socket file. Bytes are
 * copied unchanged both ways.
 */
public final class PortBridge implements AutoCloseable {
    /** What the inside half of a {@link #reverse} bridge prints once its port is bound. */
    private static final String LISTENING = "bridge listening";

    private final Process inside;
    private final ServerSocketChannel outside;
    private final Path socket;

    private PortBridge(Process inside, ServerSocketChannel outside, Path socket) {
        this.inside = inside;
        this.outside = outside;
        this.socket = socket;
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
            PortBridge bridge = new PortBridge(inside, outside, null);
            accept(outside, UnixDomainSocketAddress.of(socket), "bridge-outside");
            return bridge;
        } catch (IOException | RuntimeException | Error e) {
            inside.destroyForcibly();
            throw e;
        }
    }

    /**
     * Makes {@code port} of this JVM's 127.0.0.1 reachable inside {@code network} at 127.0.0.1 and the same port
     * number (the network is the test's own, so the number is free there): for servers a test runs in its own JVM.
     */
    public static PortBridge reverse(TestNetwork network, int port, Path socket, Path log) throws IOException {
        Files.deleteIfExists(socket);
        ServerSocketChannel outside = ServerSocketChannel.open(StandardProtocolFamily.UNIX)
                .bind(UnixDomainSocketAddress.of(socket));
        accept(outside, new InetSocketAddress("127.0.0.1", port), "bridge-outside");
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", classPath(), PortBridge.class.getName(), "--listen",
                String.valueOf(port), socket.toString()));
        Process inside = new ProcessBuilder(network.command(java)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        PortBridge bridge = new PortBridge(inside, outside, socket);
        try {
            Waits.until(Duration.ofSeconds(20), () -> logContains(log, LISTENING) || !inside.isAlive(),
                    "the bridge inside the network to listen on port " + port);
            if (!inside.isAlive()) {
                throw new IOException("the bridge inside the network exited: " + Files.readString(log));
            }
            return bridge;
        } catch (IOException | RuntimeException | Error e) {
            try {
                bridge.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The loopback port of this JVM's network that leads to the bridged port (not for {@link #reverse}). */
    public int port() {
        return ((InetSocketAddress) outside.socket().getLocalSocketAddress()).getPort();
    }

    /**
     * The half inside the network: {@code <socket file> <port>}, or for {@link #reverse}
     * {@code --listen <port> <socket file>}. Runs until killed.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args[0].equals("--listen")) {
            ServerSocketChannel server = ServerSocketChannel.open()
                    .bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[1])));
            Thread acceptor = accept(server, UnixDomainSocketAddress.of(Path.of(args[2])), "bridge-inside");
            System.out.println(LISTENING);
            acceptor.join();
            return;
        }
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

    private static boolean logContains(Path log, String text) {
        try {
            return Files.readString(log).contains(text);
        } catch (IOException e) {
            return false;
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
        if (socket != null) {
            Files.deleteIfExists(socket); // a bound socket file outlives its channel
        }
    }
}
