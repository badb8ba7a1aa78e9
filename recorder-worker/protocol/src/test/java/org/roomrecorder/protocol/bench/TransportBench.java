package org.roomrecorder.protocol.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.roomrecorder.protocol.Candidate;
import org.roomrecorder.protocol.MessageCodec;
import org.roomrecorder.protocol.SampleMessages;
import org.roomrecorder.protocol.ToPlugin;
import org.roomrecorder.protocol.Welcome;
import org.roomrecorder.protocol.transport.Connection;
import org.roomrecorder.protocol.transport.ProtocolClient;
import org.roomrecorder.protocol.transport.ProtocolServer;
import org.roomrecorder.protocol.transport.TransportConfig;

/**
 * Socket round trips of candidate messages, plugin to worker and back, through the real codec and transport;
 * beside it, in the same run, the same bytes echoed over a bare Unix socket (no JSON, no queues) as the floor.
 *
 * <ul>
 *   <li>throughput: closed loop with 1,000 messages in flight, round trips per second;</li>
 *   <li>latency: open loop at a fixed rate (default 50,000/s), one-way (plugin send to worker listener) and round
 *       trip, from the send call's clock reading.</li>
 * </ul>
 *
 * Usage: {@code TransportBench [runs=5] [seconds=5] [rates=25000,50000]} (round trips per second, each two
 * messages); prints every run and the medians per rate.
 */
public final class TransportBench {
    private static final String SESSION = "3f1c2d9a-7e44-4b0e-9c1a-1f0f5e7a2b11";
    private static final int WINDOW = 1000;

    /** cpuMicros: process CPU time per round trip during the open-loop phase, both sides together. */
    record Result(double throughput, double rate, double p50, double p99, double p999, double rttP99,
            double cpuMicros) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<Integer> rates = args.length > 2
                ? java.util.Arrays.stream(args[2].split(",")).map(Integer::parseInt).toList()
                : List.of(25_000, 50_000);
        Path dir = Files.createTempDirectory("rr-bench");
        System.out.printf(Locale.ROOT, "%-8s %-10s %14s %12s %10s %10s %10s %12s %12s%n", "run", "path", "max rt/s",
                "offered/s", "p50 µs", "p99 µs", "p99.9 µs", "rtt p99 µs", "cpu µs/rt");
        for (int rate : rates) {
            List<Result> ours = new ArrayList<>();
            List<Result> raw = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                Result r = raw(dir.resolve("raw-" + rate + "-" + run + ".sock"), seconds, rate);
                Result o = protocol(dir.resolve("rr-" + rate + "-" + run + ".sock"), seconds, rate);
                raw.add(r);
                ours.add(o);
                print("run " + run, "raw", r);
                print("run " + run, "protocol", o);
            }
            Result r = median(raw);
            Result o = median(ours);
            print("median", "raw", r);
            print("median", "protocol", o);
            System.out.printf(Locale.ROOT, "ratio protocol/raw at %,d round trips/s: throughput %.2f, p99 one-way %.2f,"
                    + " cpu per round trip %.2f%n%n", rate, o.throughput / r.throughput, o.p99 / r.p99,
                    o.cpuMicros / r.cpuMicros);
        }
    }

    private static void print(String run, String path, Result r) {
        System.out.printf(Locale.ROOT, "%-8s %-10s %,14.0f %,12.0f %10.1f %10.1f %10.1f %12.1f %12.1f%n", run, path,
                r.throughput, r.rate, r.p50, r.p99, r.p999, r.rttP99, r.cpuMicros);
    }

    private static Result median(List<Result> results) {
        return new Result(med(results, Result::throughput), med(results, Result::rate), med(results, Result::p50),
                med(results, Result::p99), med(results, Result::p999), med(results, Result::rttP99),
                med(results, Result::cpuMicros));
    }

    private static double med(List<Result> results, ToDoubleFunction<Result> field) {
        List<Double> values = results.stream().map(field::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
        return values.get(values.size() / 2);
    }

    // ---------------------------------------------------------------- our protocol

    private static Result protocol(Path socket, int seconds, int rate) throws Exception {
        Samples oneWay = new Samples();
        AtomicLong recordAfter = new AtomicLong(Long.MAX_VALUE);
        try (ProtocolServer server = ProtocolServer.start(socket, TransportConfig.defaults(),
                v -> new Welcome(v, "bench-worker", "w", 1), ProtocolServer.PeerPolicy.ANY,
                connection -> (c, message) -> {
                    long sentAt = Long.parseLong(((Candidate) message).sdpMid());
                    if (sentAt > recordAfter.get()) {
                        oneWay.add(System.nanoTime() - sentAt);
                    }
                    c.send(message);
                });
                ProtocolClient client = new ProtocolClient(TransportConfig.defaults(), "bench-plugin")) {
            Semaphore window = new Semaphore(WINDOW);
            AtomicLong echoes = new AtomicLong();
            Samples roundTrip = new Samples();
            Connection<ToPlugin> connection = client.connect(socket, (c, message) -> {
                long sentAt = Long.parseLong(((Candidate) message).sdpMid());
                if (sentAt > recordAfter.get()) {
                    roundTrip.add(System.nanoTime() - sentAt);
                }
                echoes.incrementAndGet();
                window.release();
            }).connection();

            double throughput = closedLoop(seconds, window, echoes, () -> connection.send(candidate(System.nanoTime())));
            window.drainPermits();
            window.release(Integer.MAX_VALUE / 2);

            OpenLoop run = openLoop(seconds, rate, recordAfter, () -> connection.send(candidate(System.nanoTime())));
            return new Result(throughput, run.achieved, oneWay.quantileMicros(0.5), oneWay.quantileMicros(0.99),
                    oneWay.quantileMicros(0.999), roundTrip.quantileMicros(0.99), run.cpuMicrosPerMessage);
        }
    }

    private static Candidate candidate(long sentAt) {
        return new Candidate(SESSION, SampleMessages.CANDIDATE, Long.toString(sentAt), 0);
    }

    private interface Sender {
        void send() throws IOException;
    }

    record OpenLoop(double achieved, double cpuMicrosPerMessage) {
    }

    /** Sends at a fixed rate for a warm-up second plus {@code seconds}; samples count only after the warm-up. */
    private static OpenLoop openLoop(int seconds, int rate, AtomicLong recordAfter, Sender sender) throws Exception {
        Pacer pacer = new Pacer(rate);
        long warmupEnd = System.nanoTime() + 1_000_000_000L;
        recordAfter.set(warmupEnd);
        long end = warmupEnd + seconds * 1_000_000_000L;
        long cpuAtWarmup = -1;
        long sentAtWarmup = 0;
        long sent = 0;
        while (System.nanoTime() < end) {
            pacer.awaitNext();
            sender.send();
            sent++;
            if (cpuAtWarmup < 0 && System.nanoTime() > warmupEnd) {
                cpuAtWarmup = processCpuNanos();
                sentAtWarmup = sent;
            }
        }
        long cpu = processCpuNanos() - cpuAtWarmup;
        double achieved = pacer.achievedPerSecond();
        Thread.sleep(200); // let the last echoes land before the samples are read
        return new OpenLoop(achieved, cpu / 1000.0 / (sent - sentAtWarmup));
    }

    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos();
    }

    /** Round trips per second with WINDOW messages in flight, after a one-second warm-up. */
    private static double closedLoop(int seconds, Semaphore window, AtomicLong echoes, Sender sender) throws Exception {
        long warmupEnd = System.nanoTime() + 1_000_000_000L;
        long end = warmupEnd + seconds * 1_000_000_000L;
        long countAtWarmup = -1;
        while (true) {
            long now = System.nanoTime();
            if (countAtWarmup < 0 && now > warmupEnd) {
                countAtWarmup = echoes.get();
            }
            if (now > end) {
                return (echoes.get() - countAtWarmup) / (double) seconds;
            }
            window.acquire();
            sender.send();
        }
    }

    // ---------------------------------------------------------------- the floor: bare framed echo

    private static Result raw(Path socket, int seconds, int rate) throws Exception {
        byte[] json = new MessageCodec().encode(candidate(0));
        Samples oneWay = new Samples();
        Samples roundTrip = new Samples();
        AtomicLong recordAfter = new AtomicLong(Long.MAX_VALUE);
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            SocketChannel client = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            SocketChannel accepted = server.accept();
            Thread echo = new Thread(() -> rawLoop(accepted, json.length, oneWay, recordAfter, frame -> {
                while (frame.hasRemaining()) {
                    accepted.write(frame);
                }
            }), "raw-echo");
            echo.setDaemon(true);
            echo.start();
            Semaphore window = new Semaphore(WINDOW);
            AtomicLong echoes = new AtomicLong();
            Thread reader = new Thread(() -> rawLoop(client, json.length, roundTrip, recordAfter, frame -> {
                echoes.incrementAndGet();
                window.release();
            }), "raw-reader");
            reader.setDaemon(true);
            reader.start();
            ByteBuffer frame = ByteBuffer.allocate(4 + 8 + json.length).putInt(8 + json.length).putLong(0).put(json);
            Sender send = () -> {
                frame.putLong(4, System.nanoTime()).position(0);
                synchronized (client) {
                    while (frame.hasRemaining()) {
                        client.write(frame);
                    }
                }
            };
            double throughput = closedLoop(seconds, window, echoes, send);
            window.release(Integer.MAX_VALUE / 2);
            OpenLoop run = openLoop(seconds, rate, recordAfter, send);
            client.close();
            accepted.close();
            return new Result(throughput, run.achieved, oneWay.quantileMicros(0.5), oneWay.quantileMicros(0.99),
                    oneWay.quantileMicros(0.999), roundTrip.quantileMicros(0.99), run.cpuMicrosPerMessage);
        }
    }

    private interface FrameAction {
        void accept(ByteBuffer frame) throws IOException;
    }

    /** Reads fixed-size raw frames, records each one's age after the warm-up, then hands the frame on. */
    private static void rawLoop(SocketChannel channel, int jsonLength, Samples samples, AtomicLong recordAfter,
            FrameAction then) {
        ByteBuffer frame = ByteBuffer.allocate(4 + 8 + jsonLength);
        try {
            while (true) {
                frame.clear();
                while (frame.hasRemaining()) {
                    if (channel.read(frame) < 0) {
                        return;
                    }
                }
                long sentAt = frame.getLong(4);
                if (sentAt > recordAfter.get()) {
                    samples.add(System.nanoTime() - sentAt);
                }
                then.accept(frame.flip());
            }
        } catch (IOException closed) {
            // end of the run
        }
    }
}
