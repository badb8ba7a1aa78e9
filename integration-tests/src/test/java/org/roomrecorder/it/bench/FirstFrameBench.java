package org.roomrecorder.it.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.roomrecorder.it.ConferenceManifest;
import org.roomrecorder.it.ConferenceManifest.Segment;
import org.roomrecorder.it.Resources;
import org.roomrecorder.it.TestNetwork;
import org.roomrecorder.it.WorkerProcess;
import org.roomrecorder.it.janus.JanusPublisher;
import org.roomrecorder.it.janus.JanusPublishers;
import org.roomrecorder.it.janus.JanusServer;
import org.roomrecorder.it.janus.PluginProcess;
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
    private static final String ROOM = "bench";
    private static final Duration JOIN_INTERVAL = Duration.ofSeconds(1);
    private static final int EVENTS_PORT = 7099;
    /** The plugin's log line saying it heard of a publisher: {@code 2026-…Z INFO [rr-janus] RoomRegistry [host=janus
     * confId=bench epId=p1] publishes [0, 1]}. */
    private static final Pattern HEARD = Pattern.compile("^(\\S+) .*\\[host=janus confId=" + ROOM
            + " epId=(\\S+)] publishes\\b");
    /** The worker's: {@code 2026-…Z INFO RecordingSession [confId=bench epId=p1 sessionId=…] ICE connected}. */
    private static final Pattern CONNECTED = Pattern.compile("^(\\S+) .*\\[confId=" + ROOM
            + " epId=(\\S+) sessionId=\\S+] ICE connected");

    /** How the plugin hears of publishers, as {@code hosts.janus.events} names it. */
    private enum RoomEvents {
        OBSERVER("observer"), EVENT_HANDLER("event-handler");

        final String config;

        RoomEvents(String config) {
            this.config = config;
        }
    }

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
                        q == 0.50 ? "median" : "p95", quantile(s, Sample::heardMs, q),
                        quantile(s, Sample::connectedMs, q), quantile(s, Sample::videoMs, q),
                        quantile(s, Sample::audioMs, q));
            }
        }
        System.exit(0);
    }

    private static List<Sample> measure(RoomEvents series, int run, int count) throws Exception {
        Path dir = Files.createTempDirectory("rr-first-frame-bench");
        System.err.printf("%s run %d: %d publishers, logs in %s%n", series.config, run, count, dir);
        TestNetwork network = null;
        WorkerProcess worker = null;
        JanusServer janus = null;
        PluginProcess plugin = null;
        JanusPublishers farm = null;
        try {
            network = new TestNetwork();
            worker = WorkerProcess.start(network, dir.resolve("worker"), "");
            String backend = series == RoomEvents.EVENT_HANDLER
                    ? "http://127.0.0.1:" + EVENTS_PORT + "/janus-events" : null;
            // JanusIT's modest settings (REMB cap, 15 fps sent, 320x180 recorded): N publishers, Janus and the
            // worker's decoders and encoders share two cores, and an overloaded machine would measure itself.
            janus = JanusServer.start(network, dir.resolve("janus"),
                    new JanusServer.Settings(List.of(ROOM), 16, 300_000, backend));
            String host = "url = \"" + janus.apiUri() + "\"\nevents = " + series.config + "\n"
                    + (series == RoomEvents.EVENT_HANDLER ? "event-handler { address = \"127.0.0.1\", port = "
                            + EVENTS_PORT + ", path = \"/janus-events\" }" : "");
            plugin = PluginProcess.start(network, dir.resolve("plugin"), host, List.of(worker.socket()),
                    "options { frame-rate = 15, max-width = 320, max-height = 180, video-bitrate-kbps = 300 }");
            farm = JanusPublishers.start(janus, network, dir.resolve("farm.log"), 15);

            List<JanusPublisher> room = new ArrayList<>();
            Instant first = Instant.now();
            for (int i = 0; i < count; i++) {
                JanusPublisher p = farm.create(ROOM, "p" + (i + 1), "Publisher " + (i + 1), 400 + 40 * i,
                        new int[] {60 + 15 * i, 100, 150});
                room.add(p);
                Instant joinAt = first.plus(JOIN_INTERVAL.multipliedBy(i));
                Waits.until(JOIN_INTERVAL.plusSeconds(1), () -> !Instant.now().isBefore(joinAt), "the next join");
                farm.joinAndPublish(p).get(30, TimeUnit.SECONDS);
            }
            ConferenceManifest manifest = new ConferenceManifest(worker.output().resolve(ROOM));
            for (JanusPublisher p : room) {
                Waits.until(Duration.ofSeconds(60), () -> p.upAt() != null && manifest.segments(p.id()).stream()
                        .findFirst().filter(s -> s.at("firstVideoFrameAt").isPresent()
                                && s.at("firstAudioFrameAt").isPresent()).isPresent(),
                        "webrtcup and the first video and audio of " + p.id() + " in the manifest");
            }
            Map<String, Instant> heard = firstMatches(HEARD, plugin.log());
            Map<String, Instant> connected = firstMatches(CONNECTED, worker.log());
            List<Sample> samples = new ArrayList<>();
            for (JanusPublisher p : room) {
                Instant up = p.upAt();
                Segment segment = manifest.segments(p.id()).get(0); // generation 0, segment 0: the first file
                samples.add(new Sample(run, p.id(), millis(up, heard.get(p.id())),
                        millis(up, connected.get(p.id())),
                        millis(up, segment.at("firstVideoFrameAt").orElseThrow()),
                        millis(up, segment.at("firstAudioFrameAt").orElseThrow())));
            }
            return samples;
        } finally {
            // JanusIT's order: the farm first (its publishers go), then the plugin, which finalizes what it still
            // records, and the namespace last.
            Resources.closeAll(farm, plugin, janus, worker, network);
        }
    }

    /** Per endpoint (group 2), the instant (group 1) of the first line of {@code log} that matches. */
    private static Map<String, Instant> firstMatches(Pattern pattern, String log) {
        Map<String, Instant> first = new HashMap<>();
        for (String line : log.split("\n")) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                first.putIfAbsent(m.group(2), OffsetDateTime.parse(m.group(1)).toInstant());
            }
        }
        return first;
    }

    private static double millis(Instant from, Instant to) {
        return to == null ? Double.NaN : Duration.between(from, to).toNanos() / 1e6;
    }

    /** The nearest-rank quantile of the samples' values that are known. */
    private static double quantile(List<Sample> samples, ToDoubleFunction<Sample> field, double q) {
        double[] values = samples.stream().mapToDouble(field).filter(v -> !Double.isNaN(v)).sorted().toArray();
        return values.length == 0 ? Double.NaN : values[(int) Math.ceil(q * values.length) - 1];
    }
}
