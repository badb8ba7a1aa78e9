package org.roomrecorder.it.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The largest number of concurrent audio+video recordings one worker sustains in real time on this machine, for
 * publishers sending 1280x720@30 and 640x360@30 (recorded with the default options: VP8 1 Mbit/s, 30 fps, at most
 * 1280x720). A count is sustained when most of its runs are; a run is when it started every session, fewer than
 * {@value #MAX_DROPPED_PCT} % of the decoded frames were dropped over the window, no session's encoder lag
 * exceeded {@value #MAX_LAG_MILLIS} ms in any stats report of the window, and every publisher kept sending the full
 * size. Counts double from 1 until one is not
 * sustained, then the gap is bisected. Each run is a {@link WorkerLoad}.
 *
 * <p>The CPU per stream is the recorder's alone: the worker JVM and its FFmpeg children. The publishers run in a
 * JVM of their own on the same cores; their CPU is printed beside it and not counted, but it is taken from the cores
 * the worker could have had, so the capacity is a floor. With one publisher per recording, as by default, that is
 * N encoders for N recordings. In production the publishers are remote browsers: given K publishers, the runs are
 * {@link JanusLoad}'s instead, where K publishers publish into a Janus room and the N recordings subscribe to them
 * in turn; Janus forwards without decoding, and its CPU is printed apart too.
 *
 * <p>Usage: {@code CapacityBench [seconds=10] [runs=3] [max=64] [publishers=0]}, publishers 0 for one publisher per
 * recording straight to the worker, 1 to {@value org.roomrecorder.it.Signatures#COUNT} for that many through Janus.
 * The output ends with {@code capacity_720p=N cpu_per_stream_pct=X} and, last,
 * {@code capacity_360p=N cpu_per_stream_pct=X}.
 */
public final class CapacityBench {
    /** The bound: the files are real time only if (almost) every decoded frame reaches them. */
    static final double MAX_DROPPED_PCT = 1.0;
    /**
     * The video writer writes each frame 100 ms after it is due and reports lag beyond that. An encoder that keeps up
     * shows 0 to a few tens of ms on a busy machine; one that does not falls behind by more every second, and past
     * the one second of frames a session holds it loses them. 250 ms separates the two within a 10 s window.
     */
    static final long MAX_LAG_MILLIS = 250;

    /** How one run at a count is made: {@link WorkerLoad#measure} or {@link JanusLoad#measure}. */
    @FunctionalInterface
    private interface Load {
        WorkerLoad.Result measure(WorkerLoad.Video video, int count, int seconds) throws Exception;
    }

    /** The runs of one session count. */
    record Point(int sessions, List<WorkerLoad.Result> results, int sustainedRuns, int runs) {
        boolean sustained() {
            return sustainedRuns * 2 > runs;
        }

        WorkerLoad.Result median() {
            return results.isEmpty() ? null : WorkerLoad.median(results);
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int max = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int publishers = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        // 720p first: the 360p line, the one a script reads, then ends the output.
        List<WorkerLoad.Video> videos = args.length > 4 ? Stream.of(args[4].split(","))
                .map(WorkerLoad.Video::named).toList() : List.of(WorkerLoad.Video.P720, WorkerLoad.Video.P360);
        Load load = publishers > 0 ? new JanusLoad(publishers)::measure : WorkerLoad::measure;
        System.out.printf(Locale.ROOT, "real time: < %.0f %% of decoded frames dropped and encoder lag <= %d ms in"
                + " every stats report of a %d s window (after a 5 s warm-up), and no publisher scaled down; a count is"
                + " sustained when most of its %d runs are%n", MAX_DROPPED_PCT, MAX_LAG_MILLIS, seconds, runs);
        System.out.println("CPU in % of one core; per session: worker JVM + FFmpeg only. farm %: the publishers' JVM,"
                + (publishers > 0 ? " janus %: Janus forwarding their streams to every session; separate processes"
                        : " a separate process") + " sharing the same cores, not counted.");
        List<String> summaries = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (WorkerLoad.Video video : videos) {
            System.out.printf("%n%s: %spublishers send %s VP8 and Opus%s%n%s%n", video.name(),
                    publishers > 0 ? publishers + " " : "", video, publishers > 0 ? " into a Janus room; session i"
                    + " records publisher i mod " + publishers + " through a subscription of its own" : "",
                    WorkerLoad.HEADER);
            Map<Integer, Point> points = search(load, video, seconds, runs, max);
            summaries.add(summary(video, points, max));
            lines.add(capacityLine(video, points));
        }
        System.out.println();
        summaries.forEach(System.out::println);
        lines.forEach(System.out::println);
        System.exit(0);
    }

    /** Doubles the count until one is not sustained (or {@code max} is), then bisects; returns every point tried. */
    private static Map<Integer, Point> search(Load load, WorkerLoad.Video video, int seconds, int runs, int max)
            throws Exception {
        Map<Integer, Point> points = new TreeMap<>();
        int sustained = 0;
        int failed = max + 1;
        for (int n = 1; ; n = Math.min(2 * n, max)) {
            Point p = point(load, video, n, seconds, runs);
            points.put(n, p);
            if (!p.sustained()) {
                failed = n;
                break;
            }
            sustained = n;
            if (n == max) {
                break;
            }
        }
        while (failed <= max && failed - sustained > 1) {
            int n = (sustained + failed) / 2;
            Point p = point(load, video, n, seconds, runs);
            points.put(n, p);
            if (p.sustained()) {
                sustained = n;
            } else {
                failed = n;
            }
        }
        return points;
    }

    private static Point point(Load load, WorkerLoad.Video video, int count, int seconds, int runs)
            throws Exception {
        List<WorkerLoad.Result> results = new ArrayList<>();
        int sustained = 0;
        for (int run = 1; run <= runs; run++) {
            try {
                WorkerLoad.Result r = measure(load, video, count, seconds);
                results.add(r);
                // Publishers that scaled down make the count claim pixels the worker never decoded.
                String verdict = r.droppedPct() >= MAX_DROPPED_PCT ? "frames dropped"
                        : r.maxLagMillis() > MAX_LAG_MILLIS ? "encoder lag"
                        : r.scaledDown() > 0 ? "publishers scaled down" : "real time";
                sustained += verdict.equals("real time") ? 1 : 0;
                System.out.println(WorkerLoad.row("run " + run, r) + "  " + verdict);
            } catch (WorkerLoad.NotStarted e) {
                System.out.printf("run %-3d %-8d not started: %s%n", run, count, e.getMessage());
            }
        }
        Point p = new Point(count, results, sustained, runs);
        System.out.println((p.median() == null ? String.format("median  %-8d no run started", count)
                : WorkerLoad.row("median", p.median())) + "  " + (p.sustained() ? "SUSTAINED" : "NOT SUSTAINED")
                + " (" + sustained + "/" + runs + " runs)");
        return p;
    }

    /**
     * One run; a run whose harness failed before the sessions opened (the worker's handshake timing out on a
     * saturated machine, say) says nothing about the count, so it is made again, twice at most.
     */
    private static WorkerLoad.Result measure(Load load, WorkerLoad.Video video, int count, int seconds)
            throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return load.measure(video, count, seconds);
            } catch (WorkerLoad.NotStarted e) {
                throw e;
            } catch (Exception | AssertionError e) {
                if (attempt == 3) {
                    throw e;
                }
                System.err.printf("%s, %d sessions: the harness failed (%s); again%n", video.name(), count, e);
            }
        }
    }

    /** The largest sustained count; 0 if not even one stream is. */
    private static int capacity(Map<Integer, Point> points) {
        return points.values().stream().filter(Point::sustained).mapToInt(Point::sessions).max().orElse(0);
    }

    /**
     * The figures at the capacity; at zero capacity, those of one stream (what a stream costs even where it is not
     * sustained).
     */
    private static WorkerLoad.Result atCapacity(Map<Integer, Point> points) {
        Point p = points.get(Math.max(1, capacity(points)));
        return p.median();
    }

    private static String capacityLine(WorkerLoad.Video video, Map<Integer, Point> points) {
        WorkerLoad.Result r = atCapacity(points);
        return String.format(Locale.ROOT, "capacity_%s=%d cpu_per_stream_pct=%.1f", video.name(), capacity(points),
                r == null ? Double.NaN : r.perSessionPct());
    }

    private static String summary(WorkerLoad.Video video, Map<Integer, Point> points, int max) {
        int capacity = capacity(points);
        WorkerLoad.Result r = atCapacity(points);
        if (r == null) {
            return video.name() + ": not even one stream started";
        }
        Point one = points.get(1);
        String beyondFirst = capacity > 1 && one.median() != null ? String.format(Locale.ROOT,
                ", %.1f MiB per stream beyond the first", (r.workerRssMib() - one.median().workerRssMib())
                        / (double) (capacity - 1)) : "";
        String bound = capacity == max ? "at least " + max + " (the most tried)"
                : capacity + " (" + (capacity + 1) + " not sustained)";
        return String.format(Locale.ROOT, "%s (%s): capacity %s; at %d stream%s: worker JVM %.1f %% + FFmpeg %.1f %%"
                + " of a core = %.1f %% per stream, %.2f %% of frames dropped, encoder lag up to %d ms; worker RSS"
                + " %d MiB = %.1f MiB per stream%s; %s", video.name(), video, bound, r.sessions(),
                r.sessions() == 1 ? "" : "s", r.workerCpuPct(), r.ffmpegCpuPct(), r.perSessionPct(), r.droppedPct(),
                r.maxLagMillis(), r.workerRssMib(), r.workerRssMib() / (double) r.sessions(), beyondFirst, apart(r));
    }

    /** The CPU of the processes beside the recorder: the publishers' JVM, and Janus where the streams came through it. */
    private static String apart(WorkerLoad.Result r) {
        if (Double.isNaN(r.janusCpuPct())) {
            return String.format(Locale.ROOT, "publishers' JVM %.1f %% of a core (not counted: a separate process on"
                    + " the same cores)", r.farmCpuPct());
        }
        return String.format(Locale.ROOT, "publishers' JVM %.1f %% of a core, Janus %.1f %% = %.2f %% per forwarded"
                + " stream (not counted: separate processes on the same cores)", r.farmCpuPct(), r.janusCpuPct(),
                r.janusCpuPct() / r.sessions());
    }
}
