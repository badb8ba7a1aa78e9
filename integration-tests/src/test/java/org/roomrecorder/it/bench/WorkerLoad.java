package org.roomrecorder.it.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.roomrecorder.it.ConferenceManifest;
import org.roomrecorder.it.Relay;
import org.roomrecorder.it.TestNetwork;
import org.roomrecorder.it.WorkerLink;
import org.roomrecorder.it.WorkerProcess;
import org.roomrecorder.protocol.RecordingOptions;
import org.roomrecorder.protocol.StateEvent;
import org.roomrecorder.protocol.Stats;
import org.roomrecorder.protocol.transport.Waits;

/**
 * One run of N concurrent audio+video recordings on one worker, the measurement {@link WorkerBench} and
 * {@link CapacityBench} share. Per run: a test network, the worker from its jar (the JVM options of
 * {@code ./recorder worker}), and a JVM of webrtc-java publishers sending {@code width x height} VP8 at 30 fps and
 * Opus, each with its own colour, moving box and tone; the test plays the plugin. Once every session shows its first
 * frame and a warm-up has passed, it measures for the given seconds: CPU of the worker JVM and of its FFmpeg children,
 * the publishers' JVM's CPU (apart: it shares the cores but is not the recorder), the worker's RSS (max of samples
 * every 0.5 s), the share of decoded frames dropped, the worst encoder lag any session reported in the window, and how
 * many publishers sent less than the size asked for. That measurement ({@link #window}) is also {@link JanusLoad}'s,
 * where the streams come through Janus.
 */
final class WorkerLoad {
    /** After the first frames: ICE, key frames, the JIT and the publishers' bitrate ramp settle first. */
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final long SAMPLE_NANOS = 500_000_000L;
    static final String CONFERENCE = "bench";

    /** What the publishers send. */
    record Video(String name, int width, int height) {
        static final Video P360 = new Video("360p", 640, 360);
        static final Video P720 = new Video("720p", 1280, 720);

        static Video named(String name) {
            return Stream.of(P360, P720).filter(v -> v.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no video size " + name + "; 360p or 720p"));
        }

        @Override
        public String toString() {
            return width + "x" + height + "@30";
        }
    }

    /**
     * @param janusCpuPct NaN where the streams did not come through Janus
     * @param scaledDown  sessions whose publisher sent less than the size asked for at some point (manifest)
     */
    record Result(int sessions, double workerCpuPct, double ffmpegCpuPct, double farmCpuPct, double janusCpuPct,
            long workerRssMib, double droppedPct, long maxLagMillis, double fpsOut, int scaledDown) {
        /** CPU of the recorder (worker JVM and its FFmpeg children) per session, in % of one core. */
        double perSessionPct() {
            return (workerCpuPct + ffmpegCpuPct) / sessions;
        }
    }

    static final String HEADER = String.format("%-7s %-8s %10s %10s %14s %10s %10s %10s %10s %10s %10s %10s", "run",
            "sessions", "worker %", "ffmpeg %", "per session %", "farm %", "janus %", "RSS MiB", "dropped %",
            "max lag", "fps out", "scaled");

    /** Not every session showed its first frame: the count is too many for this machine, the harness worked. */
    static final class NotStarted extends Exception {
        NotStarted(String message) {
            super(message);
        }
    }

    private WorkerLoad() {
    }

    static Result measure(Video video, int count, int seconds) throws Exception {
        return RunDirectory.run("rr-worker-load", dir -> {
            try (TestNetwork network = new TestNetwork();
                    WorkerProcess worker = startWorker(network, dir, count);
                    Relay relay = Relay.start(worker, network, dir.resolve("farm.log"), video.width(),
                            video.height())) {
                for (int i = 0; i < count; i++) {
                    relay.record(session(i), CONFERENCE, session(i), RecordingOptions.defaults(), 300 + 50 * i,
                            new int[] {60 + 5 * i, 100, 150});
                }
                return window(worker, relay, video, count, seconds, relay.farm().pid(), OptionalLong.empty());
            }
        });
    }

    /** The worker every run measures, with room for {@code count} sessions. */
    static WorkerProcess startWorker(TestNetwork network, Path dir, int count) throws IOException {
        return WorkerProcess.start(network, dir, "sessions.max = " + Math.max(64, count));
    }

    /** The id of the {@code i}th session of a run, in {@link #CONFERENCE}. */
    static String session(int i) {
        return "s" + i;
    }

    /**
     * The measurement proper, once a run's {@code count} sessions are open and their publishers publishing: waits for
     * every session's first frame, then the warm-up, then measures for {@code seconds}.
     *
     * @param farmPid  the publishers' JVM, measured apart
     * @param janusPid Janus, measured apart, when the streams come through it
     */
    static Result window(WorkerProcess worker, WorkerLink link, Video video, int count, int seconds, long farmPid,
            OptionalLong janusPid) throws Exception {
        for (int i = 0; i < count; i++) {
            String id = session(i);
            try {
                Waits.until(Duration.ofSeconds(60), () -> link.hasState(id, StateEvent.State.FIRST_VIDEO_FRAME),
                        id + " recording");
            } catch (AssertionError e) {
                throw new NotStarted(id + " showed no first frame within 60 s of " + count + " sessions opening");
            }
        }
        long warmupEnd = System.nanoTime() + WARM_UP.toNanos();
        Waits.until(WARM_UP.plusSeconds(5), () -> System.nanoTime() > warmupEnd, "the warm-up");
        long workerPid = worker.process().pid();
        ProcessUsage w0 = ProcessUsage.of(workerPid);
        ProcessUsage f0 = ProcessUsage.of(farmPid);
        ProcessUsage j0 = janusPid.isPresent() ? ProcessUsage.of(janusPid.getAsLong()) : null;
        Map<String, Stats> s0 = Map.copyOf(link.stats);
        Map<String, Long> at0 = Map.copyOf(link.statsArrivals);
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        long rssMax = 0;
        long lagMax = 0;
        while (System.nanoTime() < end) {
            rssMax = Math.max(rssMax, ProcessUsage.of(workerPid).rssKib());
            // Each report holds the lag of its session's latest write only; sampled more often than the reports
            // come, so that none of them is missed.
            lagMax = Math.max(lagMax, maxOf(link.stats, Stats::encoderLagMillis));
            long next = System.nanoTime() + SAMPLE_NANOS;
            Waits.until(Duration.ofSeconds(2), () -> System.nanoTime() > next, "the next sample");
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        ProcessUsage w1 = ProcessUsage.of(workerPid);
        ProcessUsage f1 = ProcessUsage.of(farmPid);
        double janusCpu = j0 == null ? Double.NaN : ProcessUsage.of(janusPid.getAsLong()).cpuPercentSince(j0, wall);
        Map<String, Stats> s1 = Map.copyOf(link.stats);
        Map<String, Long> at1 = Map.copyOf(link.statsArrivals);
        long in = sum(s1, Stats::videoFramesIn) - sum(s0, Stats::videoFramesIn);
        long dropped = sum(s1, Stats::videoFramesDropped) - sum(s0, Stats::videoFramesDropped);
        lagMax = Math.max(lagMax, maxOf(s1, Stats::encoderLagMillis));
        // Stats come every 2 s: each session's rate is taken over the span between its own two reports.
        double fpsOut = s1.keySet().stream().mapToDouble(id -> (s1.get(id).videoFramesOut()
                - s0.get(id).videoFramesOut()) / ((at1.get(id) - at0.get(id)) / 1e9)).average().orElse(0);
        return new Result(count, w1.cpuPercentSince(w0, wall), w1.childrenCpuPercentSince(w0, wall),
                f1.cpuPercentSince(f0, wall), janusCpu, rssMax / 1024, in == 0 ? 0 : 100.0 * dropped / in, lagMax,
                fpsOut, scaledDown(worker, video, count));
    }

    /**
     * libwebrtc's sender lowers the resolution when its CPU is overused; the publishers share the machine, so at high
     * counts they may, and the worker then decodes fewer pixels than the count claims. The manifest lists every size
     * each publisher sent.
     */
    private static int scaledDown(WorkerProcess worker, Video video, int count) {
        ConferenceManifest manifest = new ConferenceManifest(worker.output().resolve(CONFERENCE));
        int scaled = 0;
        for (int i = 0; i < count; i++) {
            boolean below = manifest.segments(session(i)).stream()
                    .flatMap(s -> StreamSupport.stream(s.json().path("video").path("inputResolutions").spliterator(),
                            false))
                    .anyMatch(r -> r.path("width").asInt() * r.path("height").asInt() < video.width() * video.height());
            scaled += below ? 1 : 0;
        }
        return scaled;
    }

    /** Each figure's median over the runs. */
    static Result median(List<Result> results) {
        return new Result(results.get(0).sessions(), med(results, Result::workerCpuPct),
                med(results, Result::ffmpegCpuPct),
                med(results, Result::farmCpuPct), med(results, Result::janusCpuPct),
                (long) med(results, r -> (double) r.workerRssMib()),
                med(results, Result::droppedPct), (long) med(results, r -> (double) r.maxLagMillis()),
                med(results, Result::fpsOut), (int) med(results, r -> (double) r.scaledDown()));
    }

    static String row(String run, Result r) {
        String janus = Double.isNaN(r.janusCpuPct()) ? "-" : String.format(Locale.ROOT, "%.1f", r.janusCpuPct());
        return String.format(Locale.ROOT, "%-7s %-8d %10.1f %10.1f %14.1f %10.1f %10s %10d %10.2f %7d ms %10.1f %10d",
                run, r.sessions(), r.workerCpuPct(), r.ffmpegCpuPct(), r.perSessionPct(), r.farmCpuPct(), janus,
                r.workerRssMib(), r.droppedPct(), r.maxLagMillis(), r.fpsOut(), r.scaledDown());
    }

    private static long sum(Map<String, Stats> stats, ToLongFunction<Stats> field) {
        return stats.values().stream().mapToLong(field).sum();
    }

    private static long maxOf(Map<String, Stats> stats, ToLongFunction<Stats> field) {
        return stats.values().stream().mapToLong(field).max().orElse(0);
    }

    private static double med(List<Result> results, Function<Result, Double> field) {
        return Quantiles.median(results.stream().map(field).toList());
    }
}
