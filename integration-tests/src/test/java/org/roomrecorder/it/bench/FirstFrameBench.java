package org.roomrecorder.it.bench;

import static org.roomrecorder.it.bench.JanusRoom.millis;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.it.bench.JanusRoom.RoomEvents;
import org.roomrecorder.it.janus.JanusPublisher;
import org.roomrecorder.protocol.transport.Waits;

/**
 * Time from a publisher's PeerConnection being up at Janus to its first recorded frame, through the whole chain:
 * Janus, the plugin from its drop-in jar with the Janus adapter (room events from an observer, or from Janus's HTTP
 * event handler: one series each), the worker. Per run, N webrtc-java publishers join one room a second apart. For
 * each, t0 is when Janus's {@code webrtcup} on its handle reaches this JVM and t1 the worker's
 * {@code firstVideoFrameAt} (and {@code firstAudioFrameAt}) in the conference manifest; the worker runs on the same
 * machine clock. The logs split the time: when the plugin heard that the publisher publishes (its log), and when the
 * worker's PeerConnection to Janus connected (subscribe, offer and answer, ICE, DTLS; the worker's log). Prints every
 * sample, then per series the median and p95 over all samples of all runs.
 *
 * <p>Usage: {@code FirstFrameBench [publishers=10] [runs=3]}.
 */
public final class FirstFrameBench {
    private static final Duration JOIN_INTERVAL = Duration.ofSeconds(1);
    private static final String VIDEO = JanusRoom.FIRST_VIDEO;
    private static final String AUDIO = JanusRoom.FIRST_AUDIO;
    /** One publisher's milestones, in ms after its {@code webrtcup}; NaN where a log did not say. */
    record Sample(int run, String publisher, double heardMs, double connectedMs, double videoMs,
            double audioMs) {
    }

    public static void main(String[] args) throws Exception {
        int publishers = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Map<RoomEvents, List<Sample>> all = new EnumMap<>(RoomEvents.class);
        System.out.printf("%-14s %-4s %-5s %12s %12s %12s %12s%n", "room events", "run", "pub", "heard ms",
                "connected ms", "video ms", "audio ms");
        for (int run = 1; run <= runs; run++) {
            // The series alternate within each run, so that a noisy stretch of the machine hits both alike.
            for (RoomEvents series : RoomEvents.values()) {
                for (Sample s : measure(series, run, publishers)) {
                    all.computeIfAbsent(series, k -> new ArrayList<>()).add(s);
                    System.out.printf(Locale.ROOT, "%-14s %-4d %-5s %12.0f %12.0f %12.0f %12.0f%n", series.config,
                            s.run(), s.publisher(), s.heardMs(), s.connectedMs(), s.videoMs(), s.audioMs());
                }
            }
        }
        System.out.printf("%nover all samples (%d publishers x %d runs per series), ms after webrtcup:%n", publishers,
                runs);
        System.out.printf("%-14s %-10s %10s %10s %10s %10s%n", "room events", "", "heard", "connected", "video",
                "audio");
        for (Map.Entry<RoomEvents, List<Sample>> e : all.entrySet()) {
            for (double q : new double[] {0.50, 0.95}) {
                List<Sample> s = e.getValue();
                System.out.printf(Locale.ROOT, "%-14s %-10s %10.0f %10.0f %10.0f %10.0f%n", e.getKey().config,
                        q == 0.50 ? "median" : "p95", Quantiles.of(s, Sample::heardMs, q),
                        Quantiles.of(s, Sample::connectedMs, q), Quantiles.of(s, Sample::videoMs, q),
                        Quantiles.of(s, Sample::audioMs, q));
            }
        }
        System.exit(0);
    }

    private static List<Sample> measure(RoomEvents series, int run, int count) throws Exception {
        return RunDirectory.run("rr-first-frame-bench", dir -> {
            System.err.printf("%s run %d: %d publishers, logs in %s%n", series.config, run, count, dir);
            try (JanusRoom room = JanusRoom.start(dir, series, 16, JanusRoom.MODEST_BITRATE, null,
                    JanusRoom.MODEST_FRAME_RATE, 640, 360)) {
                room.startPlugin(JanusRoom.MODEST_OPTIONS);
                List<JanusPublisher> joined = new ArrayList<>();
                Instant first = Instant.now();
                for (int i = 0; i < count; i++) {
                    JanusPublisher p = room.publishers().create(JanusRoom.ID, "p" + (i + 1), "Publisher " + (i + 1),
                            400 + 40 * i, new int[] {60 + 15 * i, 100, 150});
                    joined.add(p);
                    Instant joinAt = first.plus(JOIN_INTERVAL.multipliedBy(i));
                    Waits.until(JOIN_INTERVAL.plusSeconds(1), () -> !Instant.now().isBefore(joinAt), "the next join");
                    room.publishers().joinAndPublish(p).get(30, TimeUnit.SECONDS);
                }
                room.awaitFirst(joined, Duration.ofSeconds(60), VIDEO, AUDIO);
                Map<String, Instant> heard = room.heard();
                Map<String, Instant> connected = room.connected();
                List<Sample> samples = new ArrayList<>();
                for (JanusPublisher p : joined) {
                    Instant up = p.upAt();
                    samples.add(new Sample(run, p.id(), millis(up, heard.get(p.id())),
                            millis(up, connected.get(p.id())), millis(up, room.first(p, VIDEO).orElseThrow()),
                            millis(up, room.first(p, AUDIO).orElseThrow())));
                }
                return samples;
            }
        });
    }
}
