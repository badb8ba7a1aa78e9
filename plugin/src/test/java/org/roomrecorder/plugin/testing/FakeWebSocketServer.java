package org.roomrecorder.plugin.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The WebSocket under a host adapter's fake server, small enough to read: a hand-written RFC 6455 server on loopback
 * (handshake, optionally with a subprotocol the client must offer; text frames in, masked and possibly fragmented;
 * text frames out, optionally split into several; close). Each whole message goes to the {@link Handler}; what it
 * means is up to the fake.
 */
public final class FakeWebSocketServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Takes each whole message, on its connection's own thread, one at a time and in order. */
    public interface Handler {
        void message(Client from, String text) throws IOException;
    }

    /** One connection that completed its handshake. */
    public final class Client {
        private final OutputStream out;
        private final int number;

        private Client(OutputStream out, int number) {
            this.out = out;
            this.number = number;
        }

        /** The order in which it completed its handshake; the first is number 1. */
        public int number() {
            return number;
        }

        /** Sends a text message in as many frames as {@link #fragment} asks for. */
        public void send(String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            int count = Math.max(1, Math.min(fragments, payload.length));
            synchronized (out) {
                for (int i = 0; i < count; i++) {
                    int from = payload.length * i / count;
                    int to = payload.length * (i + 1) / count;
                    out.write((i == count - 1 ? 0x80 : 0) | (i == 0 ? 1 : 0));
                    writeLength(out, to - from);
                    out.write(payload, from, to - from);
                }
                out.flush();
            }
        }
    }

    private final String name;
    private final String subprotocol;
    private final Handler handler;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private volatile int fragments = 1;

    /**
     * @param name        the accepting thread's name; each connection's thread is named {@code <name>-connection}
     * @param subprotocol the subprotocol a client has to offer, answered in the handshake; null for none
     */
    public FakeWebSocketServer(String name, String subprotocol, Handler handler) throws IOException {
        this.name = name;
        this.subprotocol = subprotocol;
        this.handler = handler;
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, name);
        accept.setDaemon(true);
        accept.start();
    }

    public String url() {
        return "ws://127.0.0.1:" + server.getLocalPort();
    }

    /** Sends every later message in this many frames. */
    public void fragment(int count) {
        fragments = count;
    }

    /** How many connections completed their handshake so far. */
    public int connections() {
        return clients.size();
    }

    /** The connection that completed its handshake last. */
    public Client newest() {
        return clients.get(clients.size() - 1);
    }

    /** Cuts every connection without a close frame, as a crashing server does. */
    public void dropConnections() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread thread = new Thread(() -> serve(socket), name + "-connection");
                thread.setDaemon(true);
                thread.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            handshake(in, out);
            Client client;
            synchronized (clients) {
                client = new Client(out, clients.size() + 1);
                clients.add(client);
            }
            DataInputStream frames = new DataInputStream(in);
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (true) {
                int first = frames.readUnsignedByte();
                int second = frames.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = frames.readUnsignedShort();
                } else if (length == 127) {
                    length = frames.readLong();
                }
                byte[] mask = new byte[4];
                frames.readFully(mask);
                byte[] payload = new byte[(int) length];
                frames.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                if ((first & 0x0f) == 8) {
                    return;
                }
                message.write(payload);
                if ((first & 0x80) != 0) {
                    handler.message(client, message.toString(StandardCharsets.UTF_8));
                    message.reset();
                }
            }
        } catch (IOException e) {
            // the adapter or the test closed the connection
        }
    }

    private void handshake(InputStream in, OutputStream out) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed during the handshake");
            }
            head.append((char) c);
        }
        String key = head.toString().lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
        if (subprotocol != null && !head.toString().contains(subprotocol)) {
            throw new IOException("no " + subprotocol + " subprotocol offered");
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n"
                + (subprotocol == null ? "" : "Sec-WebSocket-Protocol: " + subprotocol + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void writeLength(OutputStream out, int length) throws IOException {
        if (length < 126) {
            out.write(length);
        } else if (length < 65_536) {
            out.write(126);
            out.write(length >> 8);
            out.write(length & 0xff);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >> shift) & 0xff);
            }
        }
    }
}
