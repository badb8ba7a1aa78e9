package org.roomrecorder.protocol.transport;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.roomrecorder.protocol.Control;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.LogBudget;
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
 * <p>One I/O thread per connection decodes frames and hands session messages of type {@code I} to the
 * {@link Listener}, in order; it answers pings itself. {@link #send} writes straight to the non-blocking socket
 * when nothing is queued, which saves a thread hand-off per message; when the socket buffer is full the frame
 * waits in a bounded queue that the I/O thread flushes. So {@code send} never blocks its caller (a webrtc-java
 * callback, say). A frame that cannot be decoded but leaves the frame boundary intact earns an {@code error}
 * frame and the connection goes on; a lost boundary, a failed handshake or a silent peer closes it after a last
 * {@code error} frame. A listener that throws is logged, never fatal.
 */
public final class Connection<I extends Message> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Connection.class);
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
    /** Frames the socket did not take yet, oldest first; guarded by itself. */
    private final ArrayDeque<ByteBuffer> pending = new ArrayDeque<>();
    /** pending is not empty; read without the lock so the I/O thread does not contend with senders for nothing. */
    private volatile boolean hasPending;
    private final Selector selector;
    /** Set once the last frame is queued: the I/O thread half-closes after flushing. */
    private volatile boolean shutdownAfterFlush;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicLong framesReceived = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong errorsSent = new AtomicLong();
    private final LogBudget warnings = new LogBudget(10, Duration.ofSeconds(10));
    private final LogBudget endpointWarnings;
    private final long createdNanos = System.nanoTime();
    private volatile long lastFrameNanos = createdNanos;
    private volatile long rttNanos = -1;
    private volatile Listener<I> listener;
    private volatile String peerSoftware;
    private volatile int version;
    private volatile String logPrefix;
    private volatile String closeReason;
    private volatile ScheduledFuture<?> heartbeat;

    /**
     * @param endpointWarnings the budget this connection's warnings share with every other connection of the same
     *                         server or client, so that a peer reconnecting for a fresh budget cannot flood the log
     */
    Connection(SocketChannel channel, String name, Class<I> inbound, TransportConfig config, MessageCodec codec,
            ScheduledExecutorService scheduler, Handshake<I> handshake, LogBudget endpointWarnings) throws IOException {
        this.channel = requireNonNull(channel, "channel is null");
        this.name = requireNonNull(name, "name is null");
        this.inbound = requireNonNull(inbound, "inbound is null");
        this.config = requireNonNull(config, "config is null");
        this.codec = requireNonNull(codec, "codec is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.handshake = requireNonNull(handshake, "handshake is null");
        this.endpointWarnings = requireNonNull(endpointWarnings, "endpointWarnings is null");
        this.logPrefix = "[conn=" + name + "] ";
        channel.configureBlocking(false);
        this.selector = Selector.open();
    }

    void start() throws IOException {
        channel.register(selector, SelectionKey.OP_READ);
        Thread thread = new Thread(this::ioLoop, "rr-" + name);
        thread.setDaemon(true);
        thread.start();
        long handshakeMillis = config.handshakeTimeout().toMillis();
        scheduler.schedule(() -> {
            if (!isOpen() && !closing.get()) {
                fail(new ProtocolException(ErrorCode.TIMEOUT, "no handshake within " + handshakeMillis + " ms"));
            }
        }, handshakeMillis, TimeUnit.MILLISECONDS);
        long interval = config.heartbeatInterval().toMillis();
        heartbeat = scheduler.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
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
        ByteBuffer frame = ByteBuffer.wrap(codec.encodeFrame(message));
        int bodyBytes = frame.remaining() - FrameReader.HEADER_BYTES;
        if (bodyBytes > config.maxFrameBytes()) {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE, MessageCodec.typeName(message) + " of "
                    + bodyBytes + " bytes exceeds the frame limit of " + config.maxFrameBytes() + " bytes");
        }
        synchronized (pending) {
            if (pending.isEmpty()) {
                try {
                    channel.write(frame);
                } catch (IOException e) {
                    writeFailed(e);
                    return false;
                }
                if (!frame.hasRemaining()) {
                    framesSent.incrementAndGet();
                    return true;
                }
            }
            if (pending.size() >= config.maxQueuedFrames()) {
                abort("the peer stopped reading: " + config.maxQueuedFrames() + " frames are queued");
                return false;
            }
            pending.add(frame);
            hasPending = true;
        }
        selector.wakeup();
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
        shutdownAfterFlush = true;
        selector.wakeup();
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
        finish(reason);
    }

    /**
     * The peer stopped taking our frames (it closed or reset). Drop what is queued but keep reading until it
     * hangs up: its last frame is often an error that says why, and that belongs in our log.
     */
    private void writeFailed(IOException e) {
        synchronized (pending) {
            pending.clear();
            hasPending = false;
        }
        close("write failed: " + e.getMessage());
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
            selector.close();
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
            long dropped = endpointWarnings.take();
            if (dropped >= 0) {
                log.warn("{}closing: {}{}", logPrefix, e, dropped == 0 ? "" : " (" + dropped + " similar lines dropped)");
            } else {
                log.debug("{}closing: {}", logPrefix, e);
            }
            closeWith(e.toErrorMessage(session), e.toString());
        } else {
            warn("refused a frame" + (session == null ? "" : " for session " + Text.printable(session)) + ": " + e);
            errorsSent.incrementAndGet();
            send(e.toErrorMessage(session));
        }
    }

    private void warn(String line) {
        long dropped = warnings.take();
        long endpointDropped = dropped < 0 ? -1 : endpointWarnings.take();
        if (endpointDropped < 0) {
            return;
        }
        long total = dropped + endpointDropped;
        if (total == 0) {
            log.warn("{}{}", logPrefix, line);
        } else {
            log.warn("{}{} ({} similar lines dropped)", logPrefix, line, total);
        }
    }

    // ---------------------------------------------------------------- reading

    private void ioLoop() {
        FrameReader frames = new FrameReader(channel, config.maxFrameBytes());
        ByteBuffer discard = null;
        try {
            SelectionKey key = channel.keyFor(selector);
            boolean halfClosed = false;
            while (!finished.get()) {
                boolean flushed;
                try {
                    flushed = flushPending();
                } catch (IOException e) {
                    writeFailed(e);
                    flushed = true;
                    halfClosed = true;
                }
                if (flushed && shutdownAfterFlush && !halfClosed) {
                    // The peer reads our last frames, then sees the end of the stream and hangs up.
                    channel.shutdownOutput();
                    halfClosed = true;
                }
                key.interestOps(flushed ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                selector.select();
                if (!key.isValid() || !key.isReadable()) {
                    continue;
                }
                boolean open;
                if (discard != null) {
                    open = channel.read(discard.clear()) >= 0;
                } else {
                    try {
                        open = readFrames(frames);
                    } catch (ProtocolException e) {
                        // The frame boundary is lost: say why, then only wait for the peer to hang up.
                        fail(e);
                        discard = ByteBuffer.allocate(8192);
                        open = true;
                    }
                }
                if (!open) {
                    finish(closing.get() ? closeReason : "the peer closed the connection");
                }
            }
        } catch (IOException | ClosedSelectorException | java.nio.channels.CancelledKeyException e) {
            finish(closing.get() ? closeReason : "I/O failed: " + e.getMessage());
        } catch (RuntimeException | Error e) {
            log.error("{}I/O thread failed", logPrefix, e);
            abort("internal error: " + e);
        }
    }

    /** Reads and handles every complete frame the socket has; false at the end of the stream. */
    private boolean readFrames(FrameReader frames) throws IOException {
        do {
            if (frames.readAvailable() < 0) {
                return false;
            }
            ByteBuffer body;
            while ((body = frames.poll()) != null) {
                lastFrameNanos = System.nanoTime();
                framesReceived.incrementAndGet();
                if (!closing.get()) {
                    receive(body);
                } else {
                    receiveLastWords(body);
                }
            }
        } while (frames.mayHaveMore());
        return true;
    }

    /** Writes queued frames until the socket buffer is full; true when nothing is left. */
    private boolean flushPending() throws IOException {
        if (!hasPending) {
            return true;
        }
        synchronized (pending) {
            ByteBuffer frame;
            while ((frame = pending.peek()) != null) {
                channel.write(frame);
                if (frame.hasRemaining()) {
                    return false;
                }
                pending.poll();
                framesSent.incrementAndGet();
            }
            hasPending = false;
            return true;
        }
    }

    /** While closing only an error from the peer still matters: it may say why the connection ends. */
    private void receiveLastWords(ByteBuffer body) {
        try {
            if (codec.decode(body.array(), body.arrayOffset() + body.position(), body.remaining())
                    instanceof ErrorMessage error) {
                controlHandler.error(error);
            }
        } catch (ProtocolException e) {
            log.debug("{}ignored an undecodable frame while closing: {}", logPrefix, e.toString());
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

    @Override
    public String toString() {
        return logPrefix.trim();
    }
}
