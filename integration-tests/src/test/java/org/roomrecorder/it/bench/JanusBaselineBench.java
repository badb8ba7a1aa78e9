package org.roomrecorder.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.roomrecorder.it.janus.JanusPublisher;
import org.roomrecorder.protocol.transport.Waits;

/**
 * The strongest baseline: Janus's own recorder, which writes the RTP packets as they arrive ({@code .mjr}, no decode,
 * no encode), against room-recorder on the same publishers in the same run. Per run, N webrtc-java publishers send
 * 640x360@30 VP8 and Opus into one VideoRoom room (REMB cap {@value #BITRATE} bit/s); then the CPU of every process is
 * measured over windows of the given seconds, after a warm-up:
 * <ol>
 * <li>Janus not recording, Janus recording ({@code enable_recording}), Janus not recording again: the recorder's cost
 *     is the recording window against the mean of the two around it, which cancels a steady drift of the machine, and
 *     the two idle windows' difference is the noise it has to stand out of;</li>
 * <li>room-recorder recording, Janus's recorder off: the plugin and the worker (default options: VP8 1 Mbit/s,
 *     30 fps). Janus now also forwards every stream to the worker's subscription; that cost is shown apart.</li>
 * </ol>
 * The ratio is the worker's CPU (JVM and FFmpeg) per stream over Janus's recorder's; a second one adds the plugin and
 * Janus's forwarding, the whole cost of recording with room-recorder. Where Janus's recorder's cost does not stand out
 * of the noise, the ratio is a lower bound: ours over the noise, shown as {@code >=}. The publishers' CPU is shown per
 * phase: they share the cores. Prints every run and the medians.
 *
 * <p>Usage: {@code JanusBaselineBench [streams=8] [seconds=20] [runs=3]}.
 */
public final class JanusBaselineBench {
    private static final int BITRATE = 1_000_000;
    private static final Duration WARM_UP = Duration.ofSeconds(5);

    /**
     * One run, CPU in % of one core: Janus not recording (mean of the two windows) and the two windows' difference,
     * Janus recording, then room-recorder's worker, its FFmpeg children, the plugin and Janus while it records; the
     * publishers' JVM in those phases; what Janus's recorder wrote, MB/s; one CPU tick over a window.
     */
    record Run(int streams, double janusIdle, double janusIdleSpread, double janusRecording, double worker,
            double ffmpeg, double plugin, double janusForwarding, double farmIdle, double farmJanusRecording,
            double farmOurs, double mjrMBps, double tick) {
        double janusPerStream() {
            return (janusRecording - janusIdle) / streams;
        }

        double workerPerStream() {
            return (worker + ffmpeg) / streams;
        }

        double chainPerStream() {
            return (worker + ffmpeg + plugin + janusForwarding - janusIdle) / streams;
        }

        /** The least recorder cost per stream this run tells from nothing. */
        double noisePerStream() {
            return Math.max(janusIdleSpread, tick) / streams;
        }

        /** {@code ours} over Janus's recorder's cost, or over the noise as a lower bound ({@code >=}). */
        String ratio(double ours) {
            return janusPerStream() > noisePerStream() ? String.format(Locale.ROOT, "%.0f", ours / janusPerStream())
                    : String.format(Locale.ROOT, ">=%.0f", ours / noisePerStream());
        }
    }

    public static void main(String[] args) throws Exception {
        int streams = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.out.printf("%d publishers of 640x360@30 VP8 and Opus; CPU in %% of one core over %d s per window; the"
                + " publishers' JVM is a separate process on the same cores (farm %%, not counted)%n", streams, seconds);
        System.out.printf("%-7s %8s %8s %8s %11s %11s %8s %8s %8s %8s %8s %11s %8s %8s %19s%n", "run", "janus %",
                "noise %", "+rec %", "rec/strm %", "noise/strm", "mjr MB/s", "worker %", "ffmpeg %", "plugin %",
                "fwd %", "rr/strm %", "ratio", "ratio*", "farm % idle/rec/rr");
        List<Run> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Run r = measure(streams, seconds);
            results.add(r);
            System.out.println(row("run " + run, r));
        }
        Run m = median(results);
        System.out.println(row("median", m));
        System.out.println("janus %: Janus not recording (mean of the windows before and after it records); noise %:"
                + " how far those two differ; +rec %: Janus recording; rec/strm: Janus's recorder per stream; fwd %:"
                + " Janus while room-recorder records; rr/strm: worker JVM + FFmpeg per stream; ratio: rr/strm over"
                + " rec/strm (>=: rec/strm is within the noise, the ratio at least this); ratio*: with the plugin and"
                + " Janus's forwarding added; median: each measured column's median, the derived ones from those");
        String ratio = m.ratio(m.workerPerStream());
        System.out.printf(Locale.ROOT, "janus_recorder_cpu_per_stream_pct=%.3f noise_per_stream_pct=%.3f"
                + " room_recorder_cpu_per_stream_pct=%.1f ratio%s%n", m.janusPerStream(), m.noisePerStream(),
                m.workerPerStream(), ratio.startsWith(">=") ? ratio : "=" + ratio);
        System.exit(0);
    }

    private static Run measure(int streams, int seconds) throws Exception {
        return RunDirectory.run("rr-janus-baseline-bench", dir -> {
            Path mjr = dir.resolve("janus-recordings");
            System.err.printf("%d streams, logs in %s%n", streams, dir);
            try (JanusRoom room = JanusRoom.start(dir, JanusRoom.RoomEvents.OBSERVER, streams, BITRATE, mjr, 30, 640,
                    360)) {
                List<JanusPublisher> joined = new ArrayList<>();
                for (int i = 0; i < streams; i++) {
                    joined.add(room.publishers().create(JanusRoom.ID, "p" + (i + 1), "Publisher " + (i + 1),
                            300 + 50 * i, new int[] {60 + 5 * i, 100, 150}));
                }
                room.publishers().publishAll(joined, Duration.ofSeconds(30));
                // The room records from the start (Settings.recordings): the windows switch it themselves.
                janusRecords(room, false);
                warmUp();
                Usage before = Usage.over(room, seconds);
                janusRecords(room, true);
                long bytes = bytes(mjr);
                Usage recording = Usage.over(room, seconds);
                long written = bytes(mjr) - bytes;
                janusRecords(room, false);
                Usage after = Usage.over(room, seconds);
                room.startPlugin("");
                room.awaitFirst(joined, Duration.ofSeconds(60), JanusRoom.FIRST_VIDEO);
                warmUp();
                Usage ours = Usage.over(room, seconds);
                return new Run(streams, (before.janus + after.janus) / 2, Math.abs(before.janus - after.janus),
                        recording.janus, ours.worker, ours.ffmpeg, ours.plugin, ours.janus,
                        (before.farm + after.farm) / 2,
                        recording.farm, ours.farm, written / 1e6 / recording.wall, ProcessUsage.tickPercent(seconds));
            }
        });
    }

    /** CPU of each process of the room over one window, in % of one core; the plugin's 0 before it runs. */
    private record Usage(double janus, double farm, double worker, double ffmpeg, double plugin, double wall) {
        static Usage over(JanusRoom room, int seconds) throws IOException {
            long pluginPid = room.plugin() == null ? -1 : room.plugin().pid();
            ProcessUsage janus = ProcessUsage.of(room.janus().pid());
            ProcessUsage farm = ProcessUsage.of(room.publishers().farmPid());
            ProcessUsage worker = ProcessUsage.of(room.worker().process().pid());
            ProcessUsage plugin = pluginPid < 0 ? null : ProcessUsage.of(pluginPid);
            long t0 = System.nanoTime();
            long end = t0 + seconds * 1_000_000_000L;
            Waits.until(Duration.ofSeconds(seconds + 10), () -> System.nanoTime() > end, "the end of the window");
            double wall = (System.nanoTime() - t0) / 1e9;
            ProcessUsage workerAfter = ProcessUsage.of(room.worker().process().pid());
            return new Usage(ProcessUsage.of(room.janus().pid()).cpuPercentSince(janus, wall),
                    ProcessUsage.of(room.publishers().farmPid()).cpuPercentSince(farm, wall),
                    workerAfter.cpuPercentSince(worker, wall), workerAfter.childrenCpuPercentSince(worker, wall),
                    plugin == null ? 0 : ProcessUsage.of(pluginPid).cpuPercentSince(plugin, wall), wall);
        }
    }

    private static void janusRecords(JanusRoom room, boolean on) throws Exception {
        String answer = room.publishers().enableRecording(JanusRoom.ID, on).get(10, TimeUnit.SECONDS)
                .path("videoroom").asText();
        if (!answer.equals("success")) {
            throw new IllegalStateException("Janus answered enable_recording " + on + " with " + answer);
        }
    }

    private static void warmUp() {
        long end = System.nanoTime() + WARM_UP.toNanos();
        Waits.until(WARM_UP.plusSeconds(5), () -> System.nanoTime() > end, "the warm-up");
    }

    /** What Janus's recorder has written so far: its {@code .mjr} files grow as packets arrive. */
    private static long bytes(Path mjr) throws IOException {
        try (Stream<Path> files = Files.list(mjr)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static Run median(List<Run> runs) {
        return new Run(runs.get(0).streams(), medianOf(runs, Run::janusIdle), medianOf(runs, Run::janusIdleSpread),
                medianOf(runs, Run::janusRecording), medianOf(runs, Run::worker), medianOf(runs, Run::ffmpeg),
                medianOf(runs, Run::plugin), medianOf(runs, Run::janusForwarding), medianOf(runs, Run::farmIdle),
                medianOf(runs, Run::farmJanusRecording), medianOf(runs, Run::farmOurs), medianOf(runs, Run::mjrMBps),
                runs.get(0).tick());
    }

    private static double medianOf(List<Run> runs, Function<Run, Double> field) {
        return Quantiles.median(runs.stream().map(field).toList());
    }

    private static String row(String label, Run r) {
        return String.format(Locale.ROOT, "%-7s %8.1f %8.1f %8.1f %11.3f %11.3f %8.2f %8.1f %8.1f %8.1f %8.1f %11.1f"
                + " %8s %8s %7.1f/%5.1f/%5.1f", label, r.janusIdle(), r.janusIdleSpread(), r.janusRecording(),
                r.janusPerStream(), r.noisePerStream(), r.mjrMBps(), r.worker(), r.ffmpeg(), r.plugin(),
                r.janusForwarding(), r.workerPerStream(), r.ratio(r.workerPerStream()), r.ratio(r.chainPerStream()),
                r.farmIdle(), r.farmJanusRecording(), r.farmOurs());
    }
}
