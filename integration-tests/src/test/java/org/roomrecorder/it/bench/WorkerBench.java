package org.roomrecorder.it.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.roomrecorder.it.Relay;
import org.roomrecorder.it.TestNetwork;
import org.roomrecorder.it.WorkerProcess;
import org.roomrecorder.protocol.RecordingOptions;
import org.roomrecorder.protocol.StateEvent;
import org.roomrecorder.protocol.Stats;
import org.roomrecorder.protocol.transport.Waits;

/**
 * Concurrent 640x360@30 audio+video sessions on one worker, with webrtc-java publishers on the same machine:
 * for each session count, the CPU of the worker and its FFmpeg children per session, the worker's RSS, the share
 * of decoded frames dropped and the encoder lag, over a measurement window after a warm-up. The publishers' own
 * CPU is shown too: on a 2-core machine they compete with the worker, so the counts are a floor.
 *
 * <p>Usage: {@code WorkerBench [counts=1,4,8,16] [seconds=15] [runs=3]}; prints each run and the medians.
 */
public final class WorkerBench {
    record Result(int sessions, double workerCpuPct, double ffmpegCpuPct, double farmCpuPct, long workerRssMib,
            double droppedPct, long maxLagMillis, double fpsOut) {
        double perSessionPct() {
            return (workerCpuPct + ffmpegCpuPct) / sessions;
        }
    }

    public static void main(String[] args) throws Exception {
        List<Integer> counts = args.length > 0 ? List.of(args[0].split(",")).stream().map(Integer::parseInt).toList()
                : List.of(1, 4, 8, 16);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf("%-6s %-8s %10s %10s %14s %10s %10s %10s %10s %10s%n", "run", "sessions", "worker %",
                "ffmpeg %", "per session %", "farm %", "RSS MiB", "dropped %", "max lag", "fps out");
        for (int count : counts) {
            List<Result> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                Result r = measure(count, seconds);
                results.add(r);
                print("run " + run, r);
            }
            print("median", median(results));
        }
        System.exit(0);
    }

    private static Result measure(int count, int seconds) throws Exception {
        Path dir = Files.createTempDirectory("rr-worker-bench");
        try (TestNetwork network = new TestNetwork();
                WorkerProcess worker = WorkerProcess.start(network, dir, "sessions.max = 64");
                Relay relay = Relay.start(worker, network, dir.resolve("farm.log"))) {
            for (int i = 0; i < count; i++) {
                relay.record("s" + i, "bench", "s" + i, RecordingOptions.defaults(), 300 + 50 * i,
                        new int[] {60 + 5 * i, 100, 150});
            }
            for (int i = 0; i < count; i++) {
                String id = "s" + i;
                Waits.until(Duration.ofSeconds(60), () -> relay.hasState(id, StateEvent.State.FIRST_VIDEO_FRAME),
                        id + " recording");
            }
            long warmupEnd = System.nanoTime() + 5_000_000_000L;
            Waits.until(Duration.ofSeconds(10), () -> System.nanoTime() > warmupEnd, "the warm-up");
            long farmPid = relay.farm().pid();
            ProcessUsage w0 = ProcessUsage.of(worker.process().pid());
            ProcessUsage f0 = ProcessUsage.of(farmPid);
            Map<String, Stats> s0 = Map.copyOf(relay.stats);
            Map<String, Long> at0 = Map.copyOf(relay.statsArrivals);
            long t0 = System.nanoTime();
            long end = t0 + seconds * 1_000_000_000L;
            long rssMax = 0;
            while (System.nanoTime() < end) {
                rssMax = Math.max(rssMax, ProcessUsage.of(worker.process().pid()).rssKib());
                long next = System.nanoTime() + 500_000_000L;
                Waits.until(Duration.ofSeconds(2), () -> System.nanoTime() > next, "the next sample");
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            ProcessUsage w1 = ProcessUsage.of(worker.process().pid());
            ProcessUsage f1 = ProcessUsage.of(farmPid);
            Map<String, Stats> s1 = Map.copyOf(relay.stats);
            Map<String, Long> at1 = Map.copyOf(relay.statsArrivals);
            long in = sum(s1, Stats::videoFramesIn) - sum(s0, Stats::videoFramesIn);
            long dropped = sum(s1, Stats::videoFramesDropped) - sum(s0, Stats::videoFramesDropped);
            long lag = s1.values().stream().mapToLong(Stats::encoderLagMillis).max().orElse(0);
            // Stats come every 2 s: each session's rate is taken over the span between its own two reports.
            double fpsOut = s1.keySet().stream().mapToDouble(id -> (s1.get(id).videoFramesOut() - s0.get(id).videoFramesOut())
                    / ((at1.get(id) - at0.get(id)) / 1e9)).average().orElse(0);
            return new Result(count, pct(w1.cpuTicks() - w0.cpuTicks(), wall),
                    pct(w1.childrenCpuTicks() - w0.childrenCpuTicks(), wall), pct(f1.cpuTicks() - f0.cpuTicks(), wall),
                    rssMax / 1024, in == 0 ? 0 : 100.0 * dropped / in, lag, fpsOut);
        }
    }

    private static long sum(Map<String, Stats> stats, java.util.function.ToLongFunction<Stats> field) {
        return stats.values().stream().mapToLong(field).sum();
    }

    private static double pct(long ticks, double wall) {
        return ticks / ProcessUsage.TICKS_PER_SECOND / wall * 100;
    }

    private static void print(String run, Result r) {
        System.out.printf(Locale.ROOT, "%-6s %-8d %10.1f %10.1f %14.1f %10.1f %10d %10.2f %8d ms %10.1f%n", run,
                r.sessions(), r.workerCpuPct(), r.ffmpegCpuPct(), r.perSessionPct(), r.farmCpuPct(), r.workerRssMib(),
                r.droppedPct(), r.maxLagMillis(), r.fpsOut());
    }

    private static Result median(List<Result> results) {
        return new Result(results.get(0).sessions(), med(results, Result::workerCpuPct), med(results, Result::ffmpegCpuPct),
                med(results, Result::farmCpuPct), (long) med(results, r -> r.workerRssMib()),
                med(results, Result::droppedPct), (long) med(results, r -> r.maxLagMillis()), med(results, Result::fpsOut));
    }

    private static double med(List<Result> results, java.util.function.ToDoubleFunction<Result> field) {
        List<Double> values = results.stream().map(field::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
        return values.get(values.size() / 2);
    }
}
