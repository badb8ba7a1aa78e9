package org.roomrecorder.protocol.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.Hello;
import org.roomrecorder.protocol.LogBudget;
import org.roomrecorder.protocol.MessageCodec;
import org.roomrecorder.protocol.ProtocolException;
import org.roomrecorder.protocol.Text;
import org.roomrecorder.protocol.ToPlugin;
import org.roomrecorder.protocol.Welcome;

/** The plugin's side: connects to worker sockets and performs the handshake. One client serves many connections. */
public final class ProtocolClient implements AutoCloseable {
    private final TransportConfig config;
    private final String software;
    private final MessageCodec codec = new MessageCodec();
    private final ScheduledExecutorService scheduler;
    private final AtomicLong connectionCount = new AtomicLong();
    /** Warnings about peers' frames, shared by all connections: a peer that reconnects gets no fresh budget. */
    private final LogBudget warnings = new LogBudget(50, Duration.ofSeconds(10));

    /** @param software this side's name and version, sent in {@code hello} */
    public ProtocolClient(TransportConfig config, String software) {
        this.config = requireNonNull(config, "config is null");
        this.software = requireNonNull(software, "software is null");
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rr-client-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A connection and the worker's welcome. */
    public record Session(Connection<ToPlugin> connection, Welcome welcome) {
    }

    /**
     * Connects and completes the handshake, or fails: an {@link IOException} when the socket cannot be reached, a
     * {@link ProtocolException} when the worker refuses (for example {@link ErrorCode#VERSION_MISMATCH}) or does not
     * answer within the handshake timeout.
     */
    public Session connect(Path socket, Connection.Listener<ToPlugin> listener) throws IOException {
        requireNonNull(listener, "listener is null");
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        ClientHandshake handshake = new ClientHandshake(listener);
        Connection<ToPlugin> connection = new Connection<>(channel, "worker-" + connectionCount.incrementAndGet(),
                ToPlugin.class, config, codec, scheduler, handshake, warnings);
        connection.start();
        connection.send(config.versions().hello(software));
        try {
            Welcome welcome = handshake.welcomed.get(config.handshakeTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
            return new Session(connection, welcome);
        } catch (ExecutionException e) {
            connection.close("handshake failed");
            if (e.getCause() instanceof ProtocolException pe) {
                throw pe;
            }
            throw new IOException("handshake with " + socket + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            connection.close("handshake timed out");
            throw new ProtocolException(ErrorCode.TIMEOUT, "the worker at " + socket + " did not answer the handshake");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close("interrupted");
            throw new IOException("interrupted while connecting to " + socket, e);
        }
    }

    private final class ClientHandshake implements Handshake<ToPlugin> {
        private final Connection.Listener<ToPlugin> listener;
        private final CompletableFuture<Welcome> welcomed = new CompletableFuture<>();

        ClientHandshake(Connection.Listener<ToPlugin> listener) {
            this.listener = listener;
        }

        @Override
        public void hello(Connection<ToPlugin> connection, Hello hello) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE, "a worker sends welcome, not hello");
        }

        @Override
        public void welcome(Connection<ToPlugin> connection, Welcome welcome) {
            int version = welcome.version();
            if (version < config.versions().min() || version > config.versions().max()) {
                ProtocolException mismatch = new ProtocolException(ErrorCode.VERSION_MISMATCH, "the worker ("
                        + Text.printable(welcome.software()) + ") chose protocol version " + version
                        + ", this plugin speaks " + config.versions().min() + " to " + config.versions().max());
                welcomed.completeExceptionally(mismatch);
                throw mismatch;
            }
            connection.open(listener, welcome.software(), version);
            welcomed.complete(welcome);
        }

        @Override
        public void refused(Connection<ToPlugin> connection, ErrorMessage error) {
            welcomed.completeExceptionally(new ProtocolException(error.code(),
                    "the worker refused the connection: " + Text.printable(error.message())));
        }

        @Override
        public void closed(Connection<ToPlugin> connection, String reason) {
            welcomed.completeExceptionally(new IOException("the connection closed during the handshake: " + reason));
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
