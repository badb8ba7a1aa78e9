package org.roomrecorder.plugin.hosts.vdoninja;

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
 * A signaling server on a real WebSocket that the test scripts: a hand-written RFC 6455 server (handshake, text
 * frames in and out, close) that writes down what the adapter sends, per connection, and sends what the test tells
 * it to, optionally split into several frames. It makes no protocol decisions of its own; the test plays the server
 * (official or relay) and the publishers.
 */
final class FakeSignalingServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** Every text message received, as "<connection number> <text>". */
    final List<String> received = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<OutputStream> outputs = new CopyOnWriteArrayList<>();
    private volatile int fragments = 1;

    FakeSignalingServer() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "fake-signaling");
        accept.setDaemon(true);
        accept.start();
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort();
    }

    /** How many connections were accepted so far (the first is number 1). */
    int connections() {
        return outputs.size();
    }

    /** Sends every later message in this many frames. */
    void fragment(int count) {
        fragments = count;
    }

    /** Sends a text message on the newest connection. */
    void send(String text) throws IOException {
        OutputStream out = outputs.get(outputs.size() - 1);
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

    /** Cuts every connection without a close frame, as a crashing server does. */
    void dropConnections() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
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

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                Thread thread = new Thread(() -> serve(socket), "fake-signaling-connection");
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
            outputs.add(out);
            int number = outputs.size();
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
                    received.add(number + " " + message.toString(StandardCharsets.UTF_8));
                    message.reset();
                }
            }
        } catch (IOException e) {
            // the adapter or the test closed the connection
        }
    }

    private static void handshake(InputStream in, OutputStream out) throws IOException {
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
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }
}
