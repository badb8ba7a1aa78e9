package org.roomrecorder.protocol.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.roomrecorder.protocol.Control;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.Hello;
import org.roomrecorder.protocol.Message;
import org.roomrecorder.protocol.MessageCodec;
import org.roomrecorder.protocol.Ping;
import org.roomrecorder.protocol.Pong;
import org.roomrecorder.protocol.ProtocolException;
import org.roomrecorder.protocol.Text;
import org.roomrecorder.protocol.Welcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One plugin-worker connection over a Unix-domain stream socket, seen from either side.
 *
 * <p>A reader thread decodes frames and hands session messages of type {@code I} to the {@link Listener}, in
 * order; it answers pings itself. A writer thread drains a queue, so {@link #send} never blocks the caller (a
 * webrtc-java callback, say). A frame that cannot be decoded but leaves the frame boundary intact earns an
 * {@code error} frame and the connection goes on; a lost boundary, a failed handshake or a silent peer closes it
 * after a last {@code error} frame. A listener that throws is logged, never fatal.
 */
public final class Connection<I extends Message> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final Object CLOSE_MARK = new Object();
    private static final int WRITE_BUFFER_BYTES = 64 * 1024;
    /** How long a closing connection waits for the peer to read its last frames and hang up. */
    private static final Duration LINGER = Duration.ofSeconds(1);

    /** Receives a connection's session messages and its end. Called on the connection's reader thread. */
    public interface Listener<I extends Message> {
        void onMessage(Connection<I> connection, I message);

        /** The peer reported an error (already logged by the connection). */
        default void onError(Connection<I> connection, ErrorMessage error) {
        }

        /** Called once, when the socket is closed, whichever side closed it. */
        default void onClosed(Connection<I> connection, String reason) {
        }
    }

    private final SocketChannel channel;
    private final String name;
    private final Class<I> inbound;
    private final TransportConfig config;
    private final MessageCodec codec;
    private final ScheduledExecutorService scheduler;
    private final Handshake<I> handshake;
    private final LinkedBlockingQueue<Object> outbound = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedFrames = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong errorsSent = new AtomicLong();
    private final LogBudget warnings = new LogBudget(10, Duration.ofSeconds(10));
    private final long createdNanos = System.nanoTime();
    private volatile long lastFrameNanos = createdNanos;
    private volatile long rttNanos = -1;
    private volatile Listener<I> listener;
    private volatile String peerSoftware;
    private volatile int version;
    private volatile String logPrefix;
    private volatile String closeReason;
    private volatile ScheduledFuture<?> heartbeat;

    Connection(SocketChannel channel, String name, Class<I> inbound, TransportConfig config, MessageCodec codec,
            ScheduledExecutorService scheduler, Handshake<I> handshake) {
        this.channel = requireNonNull(channel, "channel is null");
        this.name = requireNonNull(name, "name is null");
        this.inbound = requireNonNull(inbound, "inbound is null");
        this.config = requireNonNull(config, "config is null");
        this.codec = requireNonNull(codec, "codec is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.handshake = requireNonNull(handshake, "handshake is null");
        this.logPrefix = "[conn=" + name + "] ";
    }

    void start() {
        startThread("read", this::readLoop);
        startThread("write", this::writeLoop);
        long handshakeMillis = config.handshakeTimeout().toMillis();
        scheduler.schedule(() -> {
            if (!isOpen() && !closing.get()) {
                fail(new ProtocolException(ErrorCode.TIMEOUT, "no handshake within " + handshakeMillis + " ms"));
            }
        }, handshakeMillis, TimeUnit.MILLISECONDS);
        long interval = config.heartbeatInterval().toMillis();
        heartbeat = scheduler.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void startThread(String role, Runnable body) {
        Thread thread = new Thread(body, "rr-" + name + "-" + role);
        thread.setDaemon(true);
        thread.start();
    }

    /** Called by the handshake once both sides agree. */
    void open(Listener<I> openedListener, String peer, int negotiatedVersion) {
        this.peerSoftware = peer;
        this.version = negotiatedVersion;
        this.logPrefix = "[conn=" + name + " peer=" + Text.printable(peer) + "] ";
        this.listener = requireNonNull(openedListener, "listener is null");
        log.info("{}open, protocol version {}", logPrefix, negotiatedVersion);
    }

    public boolean isOpen() {
        return listener != null && !closing.get();
    }

    public String name() {
        return name;
    }

    /** The peer's software name from its hello or welcome, once open. */
    public String peerSoftware() {
        return peerSoftware;
    }

    public int version() {
        return version;
    }

    /** Round-trip time of the last answered heartbeat, or null before the first one. */
    public Duration lastRoundTrip() {
        long rtt = rttNanos;
        return rtt < 0 ? null : Duration.ofNanos(rtt);
    }

    public long framesReceived() {
        return framesReceived.get();
    }

    public long framesSent() {
        return framesSent.get();
    }

    public long errorsSent() {
        return errorsSent.get();
    }

    /** Why the connection closed, or null while it is open. */
    public String closeReason() {
        return closeReason;
    }

    /**
     * Queues a message for the peer. Never blocks. Returns false if the connection is closing or the peer has
     * stopped reading (then the connection is closed).
     */
    public boolean send(Message message) {
        if (closing.get()) {
            return false;
        }
        return enqueue(message);
    }

    private boolean enqueue(Message message) {
        byte[] body = codec.encode(message);
        if (body.length > config.maxFrameBytes()) {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, MessageCodec.typeName(message) + " of "
                    + body.length + " bytes exceeds the frame limit of " + config.maxFrameBytes() + " bytes");
        }
        if (queuedFrames.incrementAndGet() > config.maxQueuedFrames()) {
            queuedFrames.decrementAndGet();
            abort("the peer stopped reading: " + config.maxQueuedFrames() + " frames are queued");
            return false;
        }
        outbound.add(body);
        return true;
    }

    /** Closes after the queued frames are written. */
    @Override
    public void close() {
        close("closed by this side");
    }

    public void close(String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        outbound.add(CLOSE_MARK);
        scheduler.schedule(() -> finish(reason), LINGER.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends a last error frame, then closes. */
    private void closeWith(ErrorMessage error, String reason) {
        if (closing.get()) {
            return;
        }
        errorsSent.incrementAndGet();
        enqueue(error);
        close(reason);
    }

    /** Closes at once, dropping whatever is queued. */
    private void abort(String reason) {
        closing.set(true);
        if (closeReason == null) {
            closeReason = reason;
        }
        outbound.add(CLOSE_MARK);
        finish(reason);
    }

    private void finish(String reason) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        closing.set(true);
        if (closeReason == null) {
            closeReason = reason;
        }
        ScheduledFuture<?> beat = heartbeat;
        if (beat != null) {
            beat.cancel(false);
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("{}close failed", logPrefix, e);
        }
        log.info("{}closed: {}", logPrefix, reason);
        Listener<I> current = listener;
        if (current == null) {
            handshake.closed(this, reason);
            return;
        }
        try {
            current.onClosed(this, reason);
        } catch (RuntimeException e) {
            log.error("{}listener failed on close", logPrefix, e);
        }
    }

    private void heartbeat() {
        long silentNanos = System.nanoTime() - lastFrameNanos;
        if (silentNanos > config.heartbeatTimeout().toNanos()) {
            fail(new ProtocolException(ErrorCode.TIMEOUT,
                    "no frame from the peer for " + TimeUnit.NANOSECONDS.toMillis(silentNanos) + " ms"));
        } else if (isOpen()) {
            send(new Ping(System.nanoTime()));
        }
    }

    /** A protocol violation: reply with an error frame, and close if the violation is fatal or pre-handshake. */
    private void fail(ProtocolException e) {
        fail(e, null);
    }

    private void fail(ProtocolException e, String session) {
        if (e.code().closesConnection() || listener == null) {
            log.warn("{}closing: {}", logPrefix, e.toString());
            closeWith(e.toErrorMessage(session), e.toString());
        } else {
            warn("refused a frame" + (session == null ? "" : " for session " + Text.printable(session)) + ": " + e);
            errorsSent.incrementAndGet();
            send(e.toErrorMessage(session));
        }
    }

    private void warn(String line) {
        long dropped = warnings.take();
        if (dropped == 0) {
            log.warn("{}{}", logPrefix, line);
        } else if (dropped > 0) {
            log.warn("{}{} ({} similar lines dropped)", logPrefix, line, dropped);
        }
    }

    // ---------------------------------------------------------------- reading

    private void readLoop() {
        FrameReader frames = new FrameReader(channel, config.maxFrameBytes());
        try {
            ByteBuffer body;
            while ((body = frames.next()) != null) {
                lastFrameNanos = System.nanoTime();
                framesReceived.incrementAndGet();
                if (!closing.get()) {
                    receive(body);
                }
            }
            finish(closing.get() ? closeReason : "the peer closed the connection");
        } catch (ProtocolException e) {
            fail(e);
        } catch (IOException e) {
            finish(closing.get() ? closeReason : "read failed: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            log.error("{}reader failed", logPrefix, e);
            abort("internal error in the reader: " + e);
        }
    }

    private void receive(ByteBuffer body) {
        Message message;
        try {
            message = codec.decode(body.array(), body.arrayOffset() + body.position(), body.remaining());
        } catch (ProtocolException e) {
            fail(e, codec.sessionOf(body.array(), body.arrayOffset() + body.position(), body.remaining()));
            return;
        }
        if (message instanceof Control control) {
            try {
                control.accept(controlHandler);
            } catch (ProtocolException e) {
                fail(e);
            }
            return;
        }
        Listener<I> current = listener;
        if (current == null) {
            fail(new ProtocolException(ErrorCode.HANDSHAKE_REQUIRED,
                    "'" + MessageCodec.typeName(message) + "' before the handshake"));
            return;
        }
        if (!inbound.isInstance(message)) {
            fail(new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                    "this side does not accept '" + MessageCodec.typeName(message) + "'"));
            return;
        }
        try {
            current.onMessage(this, inbound.cast(message));
        } catch (RuntimeException e) {
            log.error("{}listener failed on '{}'", logPrefix, MessageCodec.typeName(message), e);
        }
    }

    private final Control.Handler controlHandler = new Control.Handler() {
        @Override
        public void hello(Hello m) {
            requireHandshake(m);
            handshake.hello(Connection.this, m);
        }

        @Override
        public void welcome(Welcome m) {
            requireHandshake(m);
            handshake.welcome(Connection.this, m);
        }

        @Override
        public void ping(Ping m) {
            requireOpen(m);
            send(new Pong(m.nonce()));
        }

        @Override
        public void pong(Pong m) {
            requireOpen(m);
            long rtt = System.nanoTime() - m.nonce();
            if (rtt >= 0 && rtt < TimeUnit.MINUTES.toNanos(1)) {
                rttNanos = rtt;
            }
        }

        @Override
        public void error(ErrorMessage m) {
            warn("peer reported " + m.code().wireName() + (m.session() == null ? "" : " for session "
                    + Text.printable(m.session())) + ": " + Text.printable(m.message()));
            Listener<I> current = listener;
            if (current == null) {
                handshake.refused(Connection.this, m);
                close("the peer refused the handshake: " + m.code().wireName());
            } else {
                current.onError(Connection.this, m);
            }
        }
    };

    private void requireHandshake(Message m) {
        if (listener != null) {
            throw new ProtocolException(ErrorCode.UNEXPECTED_MESSAGE,
                    "'" + MessageCodec.typeName(m) + "' after the handshake");
        }
    }

    private void requireOpen(Message m) {
        if (listener == null) {
            throw new ProtocolException(ErrorCode.HANDSHAKE_REQUIRED,
                    "'" + MessageCodec.typeName(m) + "' before the handshake");
        }
    }

    // ---------------------------------------------------------------- writing

    private void writeLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
        try {
            while (true) {
                Object item = outbound.take();
                while (item != null && item != CLOSE_MARK) {
                    append((byte[]) item, buffer);
                    item = outbound.poll();
                }
                flush(buffer);
                if (item == CLOSE_MARK) {
                    // Half-close: the peer reads our last frames, then sees the end of the stream and hangs up.
                    channel.shutdownOutput();
                    return;
                }
            }
        } catch (IOException e) {
            if (!closing.get()) {
                abort("write failed: " + e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort("writer interrupted");
        } catch (RuntimeException | Error e) {
            log.error("{}writer failed", logPrefix, e);
            abort("internal error in the writer: " + e);
        }
    }

    private void append(byte[] body, ByteBuffer buffer) throws IOException {
        queuedFrames.decrementAndGet();
        framesSent.incrementAndGet();
        int needed = FrameReader.HEADER_BYTES + body.length;
        if (buffer.remaining() < needed) {
            flush(buffer);
        }
        if (buffer.remaining() < needed) {
            ByteBuffer header = ByteBuffer.allocate(FrameReader.HEADER_BYTES).putInt(0, body.length);
            writeFully(header);
            writeFully(ByteBuffer.wrap(body));
            return;
        }
        buffer.putInt(body.length).put(body);
    }

    private void flush(ByteBuffer buffer) throws IOException {
        buffer.flip();
        writeFully(buffer);
        buffer.clear();
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public String toString() {
        return logPrefix.trim();
    }
}
