package org.roomrecorder.protocol.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.Hello;
import org.roomrecorder.protocol.LogBudget;
import org.roomrecorder.protocol.MessageCodec;
import org.roomrecorder.protocol.ProtocolException;
import org.roomrecorder.protocol.Text;
import org.roomrecorder.protocol.ToWorker;
import org.roomrecorder.protocol.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's side: listens on a Unix-domain socket file, checks each peer's credentials, answers its
 * {@code hello} and hands the opened connection to an {@link Acceptor}.
 */
public final class ProtocolServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProtocolServer.class);

    /** Gives each opened connection its listener. */
    public interface Acceptor {
        Connection.Listener<ToWorker> opened(Connection<ToWorker> connection);
    }

    /** Decides from the connecting process's credentials (SO_PEERCRED) whether it may speak to us. */
    public interface PeerPolicy {
        PeerPolicy ANY = principal -> true;

        boolean allows(UnixDomainPrincipal principal);
    }

    private final Path socket;
    private final ServerSocketChannel server;
    private final TransportConfig config;
    private final IntFunction<Welcome> welcome;
    private final PeerPolicy peerPolicy;
    private final Acceptor acceptor;
    private final MessageCodec codec = new MessageCodec();
    private final ScheduledExecutorService scheduler;
    private final Set<Connection<ToWorker>> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionCount = new AtomicLong();
    /** Warnings about peers' frames, shared by all connections: a peer that reconnects gets no fresh budget. */
    private final LogBudget warnings = new LogBudget(50, Duration.ofSeconds(10));
    private volatile boolean closed;

    private ProtocolServer(Path socket, ServerSocketChannel server, TransportConfig config,
            IntFunction<Welcome> welcome, PeerPolicy peerPolicy, Acceptor acceptor) {
        this.socket = socket;
        this.server = server;
        this.config = config;
        this.welcome = welcome;
        this.peerPolicy = peerPolicy;
        this.acceptor = acceptor;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rr-server-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Binds {@code socket} (removing a stale socket file that nobody listens on; refusing to take over one that is
     * live), restricts it to owner and group (0660) and starts accepting.
     *
     * @param welcome builds the reply to a hello for the negotiated version: worker id and capacity
     */
    public static ProtocolServer start(Path socket, TransportConfig config, IntFunction<Welcome> welcome,
            PeerPolicy peerPolicy, Acceptor acceptor) throws IOException {
        requireNonNull(socket, "socket is null");
        Files.createDirectories(socket.toAbsolutePath().getParent());
        removeStaleSocket(socket);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException e) {
            channel.close();
            throw new IOException("cannot listen on " + socket + ": " + e.getMessage(), e);
        }
        ProtocolServer server = new ProtocolServer(socket, channel, requireNonNull(config, "config is null"),
                requireNonNull(welcome, "welcome is null"), requireNonNull(peerPolicy, "peerPolicy is null"),
                requireNonNull(acceptor, "acceptor is null"));
        Thread thread = new Thread(server::acceptLoop, "rr-server-accept");
        thread.setDaemon(true);
        thread.start();
        log.info("listening on {}", socket);
        return server;
    }

    private static void removeStaleSocket(Path socket) throws IOException {
        if (!Files.exists(socket)) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            throw new IOException("another process already listens on " + socket);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("another process")) {
                throw e;
            }
            log.info("removing stale socket file {}", socket);
            Files.delete(socket);
        }
    }

    public Path socket() {
        return socket;
    }

    /** Connections that are open or still in their handshake. */
    public Set<Connection<ToWorker>> connections() {
        return Set.copyOf(connections);
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                log.warn("accept failed on {}: {}", socket, e.getMessage());
                continue;
            }
            if (closed) {
                closeQuietly(channel);
                return;
            }
            try {
                admit(channel);
            } catch (IOException | RuntimeException e) {
                log.warn("could not set up a connection on {}: {}", socket, e.toString());
                closeQuietly(channel);
            }
        }
    }

    private void admit(SocketChannel channel) throws IOException {
        String name = "plugin-" + connectionCount.incrementAndGet();
        UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
        Connection<ToWorker> connection = new Connection<>(channel, name, ToWorker.class, config, codec, scheduler,
                new ServerHandshake(), warnings);
        connections.add(connection);
        if (!peerPolicy.allows(principal)) {
            // Refuse before the I/O thread starts, so the peer's hello is never answered.
            String user = Text.printable(principal.user().getName());
            log.warn("[conn={}] refusing a peer running as user {}", name, user);
            connection.send(ErrorMessage.of(null, ErrorCode.PEER_NOT_ALLOWED, "user " + user + " may not use this worker"));
            connection.close("peer not allowed");
        }
        connection.start();
    }

    private final class ServerHandshake implements Handshake<ToWorker> {
        @Override
        public void hello(Connection<ToWorker> connection, Hello hello) {
            int version = config.versions().negotiate(hello);
            // Registered before the welcome, so whoever sees the welcome also sees the connection; open only after
            // it is queued, so the heartbeat's first ping cannot overtake it (a ping before the welcome is a
            // handshake violation to the plugin). The plugin's next frame is read on this thread, after the open.
            Connection.Listener<ToWorker> listener = new Forgetting(acceptor.opened(connection));
            connection.send(welcome.apply(version));
            connection.open(listener, hello.software(), version);
        }

        @Override
        public void welcome(Connection<ToWorker> connection, Welcome welcome) {
            throw new ProtocolException(ErrorCode.HANDSHAKE_REQUIRED, "a plugin sends hello, not welcome");
        }

        @Override
        public void refused(Connection<ToWorker> connection, ErrorMessage error) {
            // Logged by the connection, which then closes.
        }

        @Override
        public void closed(Connection<ToWorker> connection, String reason) {
            connections.remove(connection);
        }
    }

    /** Drops a connection from the server's set when it closes, then tells the real listener. */
    private final class Forgetting implements Connection.Listener<ToWorker> {
        private final Connection.Listener<ToWorker> delegate;

        Forgetting(Connection.Listener<ToWorker> delegate) {
            this.delegate = requireNonNull(delegate, "acceptor returned no listener");
        }

        @Override
        public void onMessage(Connection<ToWorker> connection, ToWorker message) {
            delegate.onMessage(connection, message);
        }

        @Override
        public void onError(Connection<ToWorker> connection, ErrorMessage error) {
            delegate.onError(connection, error);
        }

        @Override
        public void onClosed(Connection<ToWorker> connection, String reason) {
            connections.remove(connection);
            delegate.onClosed(connection, reason);
        }
    }

    /** Stops accepting, closes every connection and removes the socket file. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        for (Connection<ToWorker> connection : connections) {
            connection.close("the worker is shutting down");
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.warn("could not remove {}: {}", socket, e.getMessage());
        }
        scheduler.shutdown();
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            log.debug("close failed", e);
        }
    }
}
