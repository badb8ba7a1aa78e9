package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Janus VideoRoom on a real WebSocket, small enough to read: a hand-written RFC 6455 server (handshake with the
 * {@code janus-protocol} subprotocol, text frames, close) that answers the requests the adapter makes with the reply
 * shapes Janus 1.1.2 sent in hosts.md. Its one room's publishers are set by the test; it writes every request it
 * receives into the shared journal, and can split its replies into several frames or drop every connection.
 */
final class FakeJanusServer implements AutoCloseable {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    final List<String> journal;
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    /** The room's publishers, as 'publishers' entries. */
    final List<ObjectNode> publishers = new CopyOnWriteArrayList<>();
    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final Map<Long, OutputStream> handleOwners = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong(100);
    private volatile int fragments = 1;

    FakeJanusServer(List<String> journal) throws IOException {
        this.journal = journal;
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "fake-janus");
        accept.setDaemon(true);
        accept.start();
    }

    String url() {
        return "ws://127.0.0.1:" + server.getLocalPort();
    }

    /** Sends every later message in this many frames. */
    void fragment(int count) {
        fragments = count;
    }

    /** Cuts every connection without a close frame, as a crashing Janus does. */
    void dropConnections() throws IOException {
        for (Socket socket : connections) {
            socket.close();
        }
        connections.clear();
    }

    /** Sends raw text on every open connection (malformed input tests). */
    void sendRaw(String text) throws IOException {
        for (OutputStream out : handleOwners.values().stream().distinct().toList()) {
            send(out, text);
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                Thread thread = new Thread(() -> serve(socket), "fake-janus-connection");
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
                int opcode = first & 0x0f;
                if (opcode == 8) {
                    return;
                }
                message.write(payload);
                if ((first & 0x80) != 0) {
                    request(out, JanusJson.parse(message.toString(StandardCharsets.UTF_8)));
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
        if (!head.toString().contains("janus-protocol")) {
            throw new IOException("no janus-protocol subprotocol offered");
        }
        String accept;
        try {
            accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\nSec-WebSocket-Protocol: janus-protocol\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void request(OutputStream out, JsonNode request) throws IOException {
        received.add(request);
        journal.add("janus " + FakeJanus.kind(request));
        String transaction = request.path("transaction").asText();
        ObjectNode reply = JanusJson.object().put("transaction", transaction);
        switch (request.path("janus").asText()) {
            case "create", "attach" -> {
                long id = ids.incrementAndGet();
                handleOwners.put(id, out);
                reply.put("janus", "success").putObject("data").put("id", id);
            }
            case "message" -> {
                message(out, request, reply);
                return;
            }
            case "detach", "destroy" -> reply.put("janus", "success");
            default -> reply.put("janus", "ack");
        }
        send(out, reply.toString());
    }

    private void message(OutputStream out, JsonNode request, ObjectNode reply) throws IOException {
        JsonNode body = request.path("body");
        long handle = request.path("handle_id").asLong();
        ObjectNode data = JanusJson.object();
        switch (body.path("request").asText()) {
            case "list" -> {
                reply.put("janus", "success").putObject("plugindata").put("plugin", JanusRequests.VIDEOROOM)
                        .putObject("data").put("videoroom", "success").putArray("list").addObject()
                        .put("room", "1234").put("description", "Demo").put("num_participants", publishers.size());
                send(out, reply.toString());
                return;
            }
            case "join" -> {
                if ("publisher".equals(body.path("ptype").asText())) {
                    data.put("videoroom", "joined").put("room", "1234").put("id", "observer-" + handle);
                    ArrayNode list = data.putArray("publishers");
                    publishers.forEach(list::add);
                } else {
                    data.put("videoroom", "attached").put("room", "1234");
                    reply.putObject("jsep").put("type", "offer").put("sdp", "v=0 offer for " + body.path("streams"));
                }
            }
            case "start" -> data.put("videoroom", "event").put("started", "ok");
            case "leave" -> data.put("videoroom", "event").put("leaving", "ok");
            default -> data.put("videoroom", "event").put("error_code", 423).put("error", "Unknown request");
        }
        send(out, JanusJson.object().put("janus", "ack").put("transaction", reply.path("transaction").asText())
                .toString());
        reply.put("janus", "event").put("sender", handle).putObject("plugindata").put("plugin", JanusRequests.VIDEOROOM)
                .set("data", data);
        send(out, reply.toString());
    }

    /** Sends an event to the connection that owns the handle, as Janus does when a room changes. */
    void event(long handle, ObjectNode data) throws IOException {
        ObjectNode event = JanusJson.object().put("janus", "event").put("sender", handle);
        event.putObject("plugindata").put("plugin", JanusRequests.VIDEOROOM).set("data", data);
        send(handleOwners.get(handle), event.toString());
    }

    private void send(OutputStream out, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int count = Math.max(1, Math.min(fragments, payload.length));
        synchronized (out) {
            for (int i = 0; i < count; i++) {
                int from = payload.length * i / count;
                int to = payload.length * (i + 1) / count;
                out.write((i == count - 1 ? 0x80 : 0) | (i == 0 ? 1 : 0));
                int length = to - from;
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
                out.write(payload, from, length);
            }
            out.flush();
        }
    }

    /** The handle the adapter's room observer joined with. */
    long observerHandle() {
        return received.stream().filter(r -> "join".equals(FakeJanus.kind(r))
                && "publisher".equals(r.path("body").path("ptype").asText()))
                .reduce((a, b) -> b).orElseThrow().path("handle_id").asLong();
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }
}
