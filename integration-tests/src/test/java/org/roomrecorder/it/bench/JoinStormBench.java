package org.roomrecorder.it.bench;

import static org.roomrecorder.it.bench.JanusRoom.millis;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.it.janus.JanusPublisher;
import org.roomrecorder.protocol.transport.Waits;

/**
 * A join storm through real Janus, the plugin (room events from an observer) and the worker: N webrtc-java publishers
 * start joining one room within one second, evenly spread, none waiting for another. For each, the time until it is
 * recorded, its first video frame in the worker's manifest, counted from the start of its join (Janus session,
 * handle, {@code join}, {@code publish}: what a browser does) and from Janus's {@code webrtcup} on its handle reaching
 * this JVM. Median and p95 (nearest rank) per run and over all runs, against the target p95 of
 * {@value #TARGET_P95_MILLIS} ms from the join. The plugin's and the worker's logs split the time as in
 * {@link FirstFrameBench}. A publisher not recorded within 90 s of the last publish counts as infinitely late. The
 * room runs {@link JanusRoom#MODEST_OPTIONS}.
 *
 * <p>Usage: {@code JoinStormBench [publishers=24] [runs=3]}.
 */
public final class JoinStormBench {
    private static final Duration STORM = Duration.ofSeconds(1);
    /**
     * What the publishers send, the size the worker records: 24 publishers' encoders, which in a real storm run on 24
     * machines, here share the recorder's 2 cores; at 640x360 they alone take a third of them (BENCHMARKS.md).
     */
    private static final int PUBLISHER_WIDTH = 320;
    private static final int PUBLISHER_HEIGHT = 180;
    private static final long TARGET_P95_MILLIS = 2000;
    /** After the last publisher's publish was answered. */
    private static final Duration RECORDED_WITHIN = Duration.ofSeconds(90);

    /**
     * One publisher, in ms: when its join started after the storm's first; from there, when the plugin heard it publish
     * (its log), its {@code webrtcup}, the worker's PeerConnection to Janus connected (its log) and its first recorded
     * video frame; and that frame after the {@code webrtcup}. NaN where a log did not say.
     */
    record Sample(int run, String publisher, double joinMs, double heardMs, double upMs, double connectedMs,
            double fromJoinMs, double fromUpMs) {
    }

    public static void main(String[] args) throws Exception {
        int publishers = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Sample> all = new ArrayList<>();
        List<String> perRun = new ArrayList<>();
        System.out.printf("%-4s %-5s %8s | %8s %9s %10s %8s | %13s%n", "run", "pub", "join at", "heard", "webrtcup",
                "connected", "video", "video from up");
        for (int run = 1; run <= runs; run++) {
            List<Sample> samples = measure(run, publishers);
            for (Sample s : samples) {
                System.out.printf(Locale.ROOT, "%-4d %-5s %8.0f | %8.0f %9.0f %10.0f %8.0f | %13.0f%n", s.run(),
                        s.publisher(), s.joinMs(), s.heardMs(), s.upMs(), s.connectedMs(), s.fromJoinMs(),
                        s.fromUpMs());
            }
            all.addAll(samples);
            perRun.add("run " + run + ": " + summary(samples));
        }
        System.out.printf("%ntime to the first recorded video frame, ms (%d publishers joining within %d ms):%n",
                publishers, STORM.toMillis());
        perRun.forEach(System.out::println);
        double p95 = Quantiles.of(all, Sample::fromJoinMs, 0.95);
        System.out.printf(Locale.ROOT, "all %d runs: %s; target p95 <= %d ms from the join: %s%n", runs, summary(all),
                TARGET_P95_MILLIS, p95 <= TARGET_P95_MILLIS ? "met" : "NOT met");
        System.exit(0);
    }

    private static List<Sample> measure(int run, int count) throws Exception {
        return RunDirectory.run("rr-join-storm-bench", dir -> {
            System.err.printf("run %d: %d publishers, logs in %s%n", run, count, dir);
            try (JanusRoom room = JanusRoom.start(dir, JanusRoom.RoomEvents.OBSERVER, count, JanusRoom.MODEST_BITRATE,
                    null, JanusRoom.MODEST_FRAME_RATE, PUBLISHER_WIDTH, PUBLISHER_HEIGHT)) {
                room.startPlugin(JanusRoom.MODEST_OPTIONS);
                room.awaitPluginSettled();
                List<JanusPublisher> joined = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    joined.add(room.publishers().create(JanusRoom.ID, "p" + (i + 1), "Publisher " + (i + 1),
                            300 + 20 * i, new int[] {60 + 7 * i, 100, 150}));
                }
                List<Instant> joinAt = new ArrayList<>();
                List<CompletableFuture<Void>> published = new ArrayList<>();
                Instant first = Instant.now();
                for (int i = 0; i < count; i++) {
                    Instant due = first.plus(STORM.multipliedBy(i).dividedBy(count));
                    Waits.until(STORM.plusSeconds(1), () -> !Instant.now().isBefore(due), "the next join");
                    joinAt.add(Instant.now());
                    published.add(room.publishers().joinAndPublish(joined.get(i)));
                }
                CompletableFuture.allOf(published.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                try {
                    room.awaitFirst(joined, RECORDED_WITHIN, JanusRoom.FIRST_VIDEO);
                } catch (AssertionError e) {
                    // An overloaded machine: the publishers not recorded by now count as never recorded, which the p95
                    // shows, rather than ending the bench.
                    System.err.printf("run %d: %s%n", run, e.getMessage());
                }
                Map<String, Instant> heard = room.heard();
                Map<String, Instant> connected = room.connected();
                List<Sample> samples = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    JanusPublisher p = joined.get(i);
                    Instant join = joinAt.get(i);
                    Instant up = p.upAt();
                    Instant video = room.first(p, JanusRoom.FIRST_VIDEO).orElse(null);
                    samples.add(new Sample(run, p.id(), millis(first, join), millis(join, heard.get(p.id())),
                            millis(join, up), millis(join, connected.get(p.id())), never(millis(join, video)),
                            up == null ? Double.POSITIVE_INFINITY : never(millis(up, video))));
                }
                return samples;
            }
        });
    }

    /** A publisher never recorded is infinitely late, not unknown: it must push the p95 up, not drop out of it. */
    private static double never(double millis) {
        return Double.isNaN(millis) ? Double.POSITIVE_INFINITY : millis;
    }

    private static String summary(List<Sample> samples) {
        return String.format(Locale.ROOT, "from the join median %.0f p95 %.0f max %.0f; from webrtcup median %.0f"
                + " p95 %.0f; medians from the join: heard %.0f, webrtcup %.0f, connected %.0f",
                Quantiles.of(samples, Sample::fromJoinMs, 0.5), Quantiles.of(samples, Sample::fromJoinMs, 0.95),
                Quantiles.of(samples, Sample::fromJoinMs, 1), Quantiles.of(samples, Sample::fromUpMs, 0.5),
                Quantiles.of(samples, Sample::fromUpMs, 0.95), Quantiles.of(samples, Sample::heardMs, 0.5),
                Quantiles.of(samples, Sample::upMs, 0.5), Quantiles.of(samples, Sample::connectedMs, 0.5));
    }
}
