package org.roomrecorder.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Seeded hostile HTTP traffic against a listener: broken request lines, huge and countless headers, bodies that are
 * not JSON or JSON of the wrong shape, truncated and oversized bodies, chunked bodies, raw noise, and slow-loris
 * clients that drip their requests a byte at a time. Request {@code i} of seed {@code s} is always the same. Every
 * answer is tallied by kind and status ({@code closed} when the connection ended without one).
 */
final class HostileHttp {
    /** How each kind of request is made; the path is the listener's. */
    private enum Kind { BROKEN_LINE, HUGE_HEADERS, BAD_JSON, WRONG_TYPES, UNKNOWN_ROOM, TRUNCATED, OVERSIZED, CHUNKED,
        NOISE }

    private static final String EVENT = "{\"type\":64,\"event\":{\"plugin\":\"janus.plugin.videoroom\",\"data\":"
            + "{\"event\":\"%s\",\"room\":%s,\"id\":%s,\"display\":%s,\"streams\":%s}}}";

    private final int port;
    private final String path;
    private final long seed;
    private final Map<String, LongAdder> tally = new ConcurrentHashMap<>();

    HostileHttp(int port, String path, long seed) {
        this.port = port;
        this.path = path;
        this.seed = seed;
    }

    /** The answers so far: {@code kind status} → count. */
    Map<String, Long> tally() {
        Map<String, Long> out = new TreeMap<>();
        tally.forEach((key, count) -> out.put(key, count.sum()));
        return out;
    }

    /**
     * Sends {@code requests} requests from {@code parallel} clients while {@code lorises} slow clients drip theirs,
     * and returns when all requests are answered; the slow clients stop then too.
     */
    void run(int requests, int parallel, int lorises) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < lorises; i++) {
            int loris = i;
            threads.add(daemon("loris-" + i, () -> slowLoris(loris, done)));
        }
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < parallel; i++) {
            clients.add(daemon("fuzz-" + i, () -> {
                for (int n = next.getAndIncrement(); n < requests; n = next.getAndIncrement()) {
                    send(n);
                }
            }));
        }
        threads.addAll(clients);
        threads.forEach(Thread::start);
        for (Thread client : clients) {
            client.join();
        }
        done.set(true);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(30).toMillis());
        }
    }

    /** A thread whose failure is tallied, so that a broken client cannot pass for a quiet listener. */
    private Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.setUncaughtExceptionHandler((t, e) -> tally.computeIfAbsent("client failed: " + e,
                k -> new LongAdder()).increment());
        return thread;
    }

    private void send(int n) {
        SplittableRandom random = new SplittableRandom(seed ^ (n * 0x9E3779B97F4A7C15L));
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        String outcome;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request(kind, random));
            out.flush();
            if (kind == Kind.TRUNCATED || kind == Kind.NOISE) {
                socket.shutdownOutput(); // the client gives up mid-request
            }
            outcome = status(socket.getInputStream());
        } catch (IOException e) {
            outcome = "closed";
        }
        tally.computeIfAbsent(kind.name().toLowerCase() + " " + outcome, k -> new LongAdder()).increment();
    }

    private byte[] request(Kind kind, SplittableRandom random) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
        return switch (kind) {
            case BROKEN_LINE -> ascii(List.of("GARBAGE\r\n\r\n", "POST\r\n\r\n", "POST " + path + " HTTP/9.9\r\n\r\n",
                    "\u0000\u0001 / HTTP/1.1\r\n\r\n", "GET " + path + " HTTP/1.1\r\n\r\n",
                    "POST /../../etc/passwd HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "POST  " + path + "  HTTP/1.1\r\n\r\n")
                    .get(random.nextInt(7)));
            case HUGE_HEADERS -> ascii(random.nextBoolean()
                    ? head + "X-Big: " + "a".repeat(random.nextInt(17_000, 200_000)) + "\r\n\r\n"
                    : head + "X: y\r\n".repeat(random.nextInt(101, 2_000)) + "\r\n");
            case BAD_JSON -> post(head, scramble(event(random, "\"fuzz-nowhere\""), random));
            case WRONG_TYPES -> post(head, String.format(EVENT, pick(random, "published", "leaving", "unpublished", "?"),
                    pick(random, "[1]", "{}", "-5", "1e999", "null", "\"\""), pick(random, "{\"a\":1}", "[]", "true",
                            "-1", "\"\""), pick(random, "42", "[]", "{}"), pick(random, "\"none\"", "[1,2]", "{}",
                            "[{\"type\":7,\"mid\":[]}]")));
            case UNKNOWN_ROOM -> post(head, "[" + event(random, "\"fuzz-nowhere-" + random.nextInt(50) + "\"") + "]");
            case TRUNCATED -> {
                String body = event(random, "\"fuzz-nowhere\"");
                yield ascii(head + "Content-Length: " + body.length() * 2 + "\r\n\r\n" + body);
            }
            case OVERSIZED -> ascii(head + "Content-Length: " + random.nextInt(2_000_000, 500_000_000) + "\r\n\r\n"
                    + "[".repeat(random.nextInt(1, 65_536)));
            case CHUNKED -> ascii(head + "Transfer-Encoding: chunked\r\n\r\n10\r\n[{\"type\":64}]\r\n0\r\n\r\n");
            case NOISE -> {
                byte[] noise = new byte[random.nextInt(1, 4_096)];
                random.nextBytes(noise);
                yield noise;
            }
        };
    }

    /** A VideoRoom event with hostile ids and names, in a room Janus does not have. */
    private static String event(SplittableRandom random, String room) {
        return String.format(EVENT, pick(random, "published", "published", "unpublished", "leaving", "destroyed"),
                room, pick(random, "\"../../x\"", "\"a\\nb\\u001b[2J\"", "\"" + "i".repeat(10_000) + "\"",
                        "18446744073709551615", "\"$(id);`id`\""),
                pick(random, "\"\\u0000\\n\\u001b[31mred\"", "\"" + "d".repeat(10_000) + "\"", "\"Zoë 😀\"", "null"),
                "[{\"type\":\"audio\",\"mid\":\"0\"},{\"type\":\"video\",\"mid\":\"1\"}]");
    }

    private static String pick(SplittableRandom random, String... options) {
        return options[random.nextInt(options.length)];
    }

    private static String scramble(String text, SplittableRandom random) {
        StringBuilder out = new StringBuilder(text);
        for (int n = random.nextInt(1, 6); n > 0 && out.length() > 0; n--) {
            int at = random.nextInt(out.length());
            switch (random.nextInt(3)) {
                case 0 -> out.insert(at, "{}[]:,\"\\\u0000".charAt(random.nextInt(9)));
                case 1 -> out.delete(at, Math.min(out.length(), at + random.nextInt(1, 20)));
                default -> out.setLength(at + 1);
            }
        }
        return out.toString();
    }

    private static byte[] post(String head, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] start = ascii(head + "Content-Length: " + bytes.length + "\r\n\r\n");
        byte[] all = new byte[start.length + bytes.length];
        System.arraycopy(start, 0, all, 0, start.length);
        System.arraycopy(bytes, 0, all, start.length, bytes.length);
        return all;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The status code of the answer, or {@code closed}. */
    private static String status(InputStream in) throws IOException {
        byte[] line = new byte[12];
        int read = in.readNBytes(line, 0, line.length);
        String text = new String(line, 0, read, StandardCharsets.ISO_8859_1);
        return text.startsWith("HTTP/1.1 ") && read == 12 ? text.substring(9, 12) : "closed";
    }

    /** Drips a valid post a byte every 200 ms, connecting again each time the listener cuts it off. */
    private void slowLoris(int loris, AtomicBoolean done) {
        byte[] request = post("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n", event(new SplittableRandom(loris),
                "\"fuzz-nowhere\""));
        while (!done.get()) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                for (int i = 0; !done.get(); i = (i + 1) % request.length) {
                    socket.getOutputStream().write(request[i]);
                    Thread.sleep(200); // the attacker's pace
                }
            } catch (IOException e) {
                tally.computeIfAbsent("slow-loris cut off", k -> new LongAdder()).increment();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
