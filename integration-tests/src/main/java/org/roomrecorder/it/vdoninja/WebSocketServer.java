package org.roomrecorder.it.vdoninja;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A minimal RFC 6455 server for text messages, enough for a signaling server in tests (the JDK has a WebSocket
 * client but no server). One thread per connection, since a test room holds a few dozen peers at most. It does the
 * opening handshake, unmasks client frames (and refuses unmasked ones), reassembles fragmented messages, answers
 * pings, echoes close, and caps both a single frame and a whole message, so a hostile client cannot make it buffer
 * without bound. Binary messages and invalid UTF-8 close the connection with the codes the RFC names.
 */
public final class WebSocketServer implements AutoCloseable {
    /** What the server tells its user. Called on the connection's own thread, one message at a time. */
    public interface Listener {
        void opened(Connection connection);

        void text(Connection connection, String message);

        void closed(Connection connection);
    }

    private static final String ACCEPT_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final int MAX_REQUEST_HEADER = 8 * 1024;
    private static final int OP_CONTINUATION = 0x0;
    private static final int OP_TEXT = 0x1;
    private static final int OP_BINARY = 0x2;
    private static final int OP_CLOSE = 0x8;
    private static final int OP_PING = 0x9;
    private static final int OP_PONG = 0xA;

    private final ServerSocket server;
    private final Listener listener;
    private final int maxMessageBytes;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

    private WebSocketServer(ServerSocket server, Listener listener, int maxMessageBytes) {
        this.server = server;
        this.listener = listener;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Listens on a free port of 127.0.0.1; a frame or message larger than {@code maxMessageBytes} closes (1009). */
    public static WebSocketServer start(Listener listener, int maxMessageBytes) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        WebSocketServer server = new WebSocketServer(socket, listener, maxMessageBytes);
        Thread acceptor = new Thread(server::acceptLoop, "ws-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The connections that completed the handshake and are not yet closed. */
    public Set<Connection> connections() {
        return java.util.Collections.unmodifiableSet(connections);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                Connection connection = new Connection(socket);
                Thread reader = new Thread(connection::run, "ws-connection");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Connection connection : connections) {
            connection.abort();
        }
    }

    /** One client. {@link #send} may be called from any thread; frames are written whole, never interleaved. */
    public final class Connection {
        private final Socket socket;
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();
        private final AtomicBoolean closeSent = new AtomicBoolean();
        private OutputStream out;

        private Connection(Socket socket) {
            this.socket = socket;
        }

        /** Per-connection state of the server's user (room, UUID, …). */
        public Map<String, Object> attributes() {
            return attributes;
        }

        /** Sends one unfragmented text message; false when the connection is gone. */
        public boolean send(String text) {
            return sendFrame(OP_TEXT, text.getBytes(StandardCharsets.UTF_8));
        }

        /** Starts the closing handshake; the client's close (or its going away) ends the connection. */
        public void close(int code, String reason) {
            if (closeSent.compareAndSet(false, true)) {
                byte[] text = reason.getBytes(StandardCharsets.UTF_8);
                ByteBuffer payload = ByteBuffer.allocate(2 + Math.min(text.length, 123));
                payload.putShort((short) code).put(text, 0, payload.remaining());
                writeFrame(OP_CLOSE, payload.array());
            }
        }

        /** Drops the TCP connection without a closing handshake, as a crashed server would. */
        public void abort() {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }

        private boolean sendFrame(int opcode, byte[] payload) {
            return !closeSent.get() && writeFrame(opcode, payload);
        }

        private synchronized boolean writeFrame(int opcode, byte[] payload) {
            try {
                ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
                frame.write(0x80 | opcode); // FIN; servers never mask
                if (payload.length < 126) {
                    frame.write(payload.length);
                } else if (payload.length <= 0xFFFF) {
                    frame.write(126);
                    frame.write(payload.length >>> 8);
                    frame.write(payload.length);
                } else {
                    frame.write(127);
                    frame.write(ByteBuffer.allocate(8).putLong(payload.length).array());
                }
                frame.write(payload);
                out.write(frame.toByteArray());
                out.flush();
                return true;
            } catch (IOException e) {
                abort(); // a peer that cannot take a frame is gone; its reader sees the closed socket
                return false;
            }
        }

        private void run() {
            try (socket) {
                InputStream raw = socket.getInputStream();
                synchronized (this) {
                    out = socket.getOutputStream();
                }
                if (!handshake(raw)) {
                    return;
                }
                connections.add(this);
                listener.opened(this);
                readMessages(new DataInputStream(raw));
            } catch (IOException e) {
                // the peer went away or broke the protocol; either way the connection is over
            } finally {
                if (connections.remove(this)) {
                    listener.closed(this);
                }
            }
        }

        private boolean handshake(InputStream in) throws IOException {
            String request = readHeader(in);
            String[] lines = request.split("\r\n");
            Map<String, String> headers = new HashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            String key = headers.get("sec-websocket-key");
            if (!lines[0].startsWith("GET ") || key == null
                    || !headers.getOrDefault("upgrade", "").equalsIgnoreCase("websocket")) {
                out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return false;
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        }

        private String readHeader(InputStream in) throws IOException {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            int matched = 0; // how much of CRLF CRLF has been seen
            while (matched < 4) {
                int b = in.read();
                if (b < 0 || header.size() >= MAX_REQUEST_HEADER) {
                    throw new EOFException("no complete request header");
                }
                header.write(b);
                matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            return header.toString(StandardCharsets.ISO_8859_1);
        }

        private void readMessages(DataInputStream in) throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            int messageOpcode = -1; // the opcode of the fragmented message in progress, -1 when none
            while (true) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                boolean fin = (first & 0x80) != 0;
                int opcode = first & 0x0F;
                if ((first & 0x70) != 0 || (second & 0x80) == 0) {
                    close(1002, "reserved bits set or frame not masked"); // no extensions were negotiated
                    return;
                }
                long length = second & 0x7F;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                boolean control = opcode >= 0x8;
                if (control && (!fin || length > 125)) {
                    close(1002, "fragmented or oversized control frame");
                    return;
                }
                if (length < 0 || length + message.size() > maxMessageBytes) {
                    close(1009, "message too big");
                    return;
                }
                byte[] mask = new byte[4];
                in.readFully(mask);
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i & 3];
                }
                switch (opcode) {
                    case OP_PING -> sendFrame(OP_PONG, payload);
                    case OP_PONG -> { } // unsolicited pongs are allowed and mean nothing
                    case OP_CLOSE -> {
                        close(1000, "");
                        return;
                    }
                    case OP_TEXT, OP_BINARY, OP_CONTINUATION -> {
                        if ((opcode == OP_CONTINUATION) != (messageOpcode >= 0)) {
                            close(1002, "unexpected continuation or interleaved message");
                            return;
                        }
                        if (opcode != OP_CONTINUATION) {
                            messageOpcode = opcode;
                        }
                        message.write(payload);
                        if (fin) {
                            if (messageOpcode == OP_BINARY) {
                                close(1003, "text messages only");
                                return;
                            }
                            String text = utf8(message.toByteArray());
                            if (text == null) {
                                close(1007, "invalid UTF-8");
                                return;
                            }
                            message.reset();
                            messageOpcode = -1;
                            listener.text(this, text);
                        }
                    }
                    default -> {
                        close(1002, "unknown opcode");
                        return;
                    }
                }
            }
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String accept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest((key + ACCEPT_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
