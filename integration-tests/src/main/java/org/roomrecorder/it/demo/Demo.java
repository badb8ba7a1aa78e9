package org.roomrecorder.it.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.it.Lifetime;
import org.roomrecorder.it.TestNetwork;
import org.roomrecorder.it.WorkerProcess;
import org.roomrecorder.it.janus.JanusPublisher;
import org.roomrecorder.it.janus.JanusPublishers;
import org.roomrecorder.it.janus.JanusServer;
import org.roomrecorder.it.janus.PluginProcess;
import org.roomrecorder.protocol.transport.Waits;
import org.roomrecorder.worker.media.MediaSignatures;
import org.roomrecorder.worker.probe.RecordingProbe;

/**
 * {@code ./recorder demo}: the whole product on this machine. In a network namespace of its own it starts Janus with
 * a generated configuration, a recorder worker, the plugin with its Janus adapter and synthetic publishers, each
 * with its own tone and colour, that join one room a little apart; one leaves early. Then it checks every recording
 * with ffprobe and by its publisher's tone, prints a table and the manifest, and removes every process and the
 * namespace it started. Exit status 0 only if every publisher has a valid recording of its own.
 */
public final class Demo {
    static final String USAGE = "usage: ./recorder demo [--seconds N] [--publishers N] [--out DIR]";
    private static final String ROOM = "demo";
    private static final Duration JOIN_INTERVAL = Duration.ofSeconds(2);
    private static final double TONE_TOLERANCE = 0.04;
    private static final String[] NAMES = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken",
        "Margaret", "Dennis", "Radia", "Tim"};
    private static final int[][] COLOURS = {{81, 90, 240}, {145, 54, 34}, {41, 240, 110}, {170, 166, 16},
        {106, 202, 222}, {210, 16, 146}, {60, 160, 60}, {120, 60, 200}, {200, 100, 100}, {90, 200, 160},
        {150, 130, 210}, {235, 128, 128}};

    private final DemoOptions options;
    private final Path work;
    private final Lifetime lifetime = new Lifetime("room-recorder demo");

    private Demo(DemoOptions options, Path work) {
        this.options = options;
        this.work = work;
    }

    public static void main(String[] args) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("demo: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        int status;
        try {
            Demo demo = new Demo(options, Files.createTempDirectory("rr-demo-"));
            Runtime.getRuntime().addShutdownHook(new Thread(demo.lifetime::closeAll, "demo-cleanup"));
            status = demo.run();
        } catch (Exception e) {
            say("failed: " + e);
            status = 1;
        }
        System.exit(status);
    }

    private int run() throws Exception {
        Path out = options.out() != null ? options.out() : Path.of("demo-recordings",
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()));
        out = out.toAbsolutePath().normalize();
        say("logs of every process go to " + work);
        say("creating a network namespace with 127.0.0.2 on a veth pair (nothing leaves this machine)");
        TestNetwork network = lifetime.keep(new TestNetwork());
        say("starting the recorder worker; files go to " + out);
        WorkerProcess worker = lifetime.keep(WorkerProcess.start(network, work.resolve("worker"),
                "output.directory = \"" + out + "\""));
        say("starting Janus with a generated configuration (" + work.resolve("janus") + ")");
        JanusServer janus = lifetime.keep(JanusServer.start(network, work.resolve("janus"),
                new JanusServer.Settings(List.of(ROOM), 16, 1_000_000, null)));
        say("starting the plugin with the Janus adapter (room events from an observer in each room)");
        lifetime.keep(PluginProcess.start(network, work.resolve("plugin"), "url = \"" + janus.apiUri() + "\"",
                List.of(worker.socket()), "media = both"));
        JanusPublishers farm = lifetime.keep(JanusPublishers.start(janus, network, work.resolve("farm.log"), 30));

        List<JanusPublisher> publishers = new ArrayList<>();
        for (int i = 0; i < options.publishers(); i++) {
            publishers.add(farm.create(ROOM, "publisher-" + (i + 1), NAMES[i], tone(i), COLOURS[i]));
        }
        Instant firstJoin = Instant.now();
        for (int i = 0; i < publishers.size(); i++) {
            JanusPublisher p = publishers.get(i);
            Lifetime.sleepUntil(firstJoin.plus(JOIN_INTERVAL.multipliedBy(i)));
            say(String.format(Locale.ROOT, "%s (%s, %.0f Hz) joins room '%s' and publishes", p.id(), p.display(),
                    tone(i), ROOM));
            farm.joinAndPublish(p).get(30, TimeUnit.SECONDS);
        }
        JanusPublisher early = publishers.size() > 1 ? publishers.get(1) : null;
        Instant end = firstJoin.plusSeconds(options.seconds());
        if (early != null) {
            Instant leaveAt = firstJoin.plus(JOIN_INTERVAL.multipliedBy(publishers.size()))
                    .plusSeconds(options.seconds() / 4);
            Lifetime.sleepUntil(leaveAt.isBefore(end) ? leaveAt : end);
            say(early.id() + " leaves early");
            early.leave().get(10, TimeUnit.SECONDS);
        }
        say("recording until " + options.seconds() + " s after the first join");
        Lifetime.sleepUntil(end);
        for (JanusPublisher p : publishers) {
            if (p != early) {
                p.leave().get(10, TimeUnit.SECONDS);
            }
        }
        say("everyone left; waiting for the worker to finalize the files");
        Path manifestFile = out.resolve(ROOM).resolve("manifest.json");
        Waits.until(Duration.ofSeconds(30), () -> allFinished(manifestFile, publishers), "every file to be final");
        return report(manifestFile, publishers);
    }

    /** Prints the table; 0 if every publisher has a valid recording holding its own tone. */
    private int report(Path manifestFile, List<JanusPublisher> publishers) throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(manifestFile.toFile());
        RecordingProbe probe = new RecordingProbe("ffprobe");
        System.out.println();
        System.out.printf("%-12s %-9s %-32s %8s %-14s %9s %-22s %s%n", "endpoint", "name", "file", "duration",
                "codecs", "a/v start", "tone (expected)", "check");
        int failures = 0;
        for (int i = 0; i < publishers.size(); i++) {
            JanusPublisher p = publishers.get(i);
            List<JsonNode> segments = segmentsOf(manifest, p.id());
            if (segments.isEmpty()) {
                System.out.printf("%-12s %-9s %-32s %s%n", p.id(), p.display(), "-", "MISSING: no recording");
                failures++;
            }
            for (JsonNode segment : segments) {
                Path file = manifestFile.resolveSibling(segment.path("file").asText());
                RecordingProbe.Result result = probe.probe(file);
                RecordingProbe.Stream video = result.stream("video");
                RecordingProbe.Stream audio = result.stream("audio");
                double tone = result.valid() && audio != null
                        ? MediaSignatures.dominantFrequency(file, Math.min(2.0, result.duration() / 3), 1.0) : 0;
                String problem = !result.valid() ? "INVALID: " + result.error()
                        : video == null || audio == null ? "INVALID: audio and video expected"
                        : Math.abs(tone - tone(i)) > tone(i) * TONE_TOLERANCE ? "WRONG TONE: not this publisher's"
                        : null;
                failures += problem == null ? 0 : 1;
                System.out.printf(Locale.ROOT, "%-12s %-9s %-32s %7.1fs %-14s %9s %-22s %s%n", p.id(), p.display(),
                        segment.path("file").asText(), result.duration(),
                        (video == null ? "-" : video.codec()) + "/" + (audio == null ? "-" : audio.codec()),
                        result.avOffsetMillis() == null ? "-"
                                : String.format(Locale.ROOT, "%+.0f ms", result.avOffsetMillis()),
                        String.format(Locale.ROOT, "%.0f Hz (%.0f Hz)", tone, tone(i)),
                        problem == null ? "ok" : problem);
            }
        }
        System.out.println();
        System.out.println("manifest: " + manifestFile);
        say(failures == 0 ? "every publisher was recorded to its own valid file"
                : failures + " recording(s) missing or invalid; logs in " + work);
        return failures == 0 ? 0 : 1;
    }

    private static boolean allFinished(Path manifestFile, List<JanusPublisher> publishers) {
        if (!Files.exists(manifestFile)) {
            return false;
        }
        try {
            JsonNode manifest = new ObjectMapper().readTree(manifestFile.toFile());
            return publishers.stream().allMatch(p -> {
                List<JsonNode> segments = segmentsOf(manifest, p.id());
                return !segments.isEmpty() && segments.stream().allMatch(s -> s.hasNonNull("endReason"));
            });
        } catch (IOException e) {
            return false;
        }
    }

    private static List<JsonNode> segmentsOf(JsonNode manifest, String endpoint) {
        List<JsonNode> segments = new ArrayList<>();
        for (JsonNode recording : manifest.path("recordings")) {
            if (recording.path("endpointId").asText().equals(endpoint)) {
                recording.path("segments").forEach(segments::add);
            }
        }
        return segments;
    }

    /** Tones at least 6 % apart, so each recording's tone names its publisher within the tolerance. */
    private static double tone(int publisher) {
        return 330 * Math.pow(4.0 / 3.0, publisher % 6) * (publisher < 6 ? 1 : 1.06);
    }

    private static void say(String message) {
        System.err.println("room-recorder demo: " + message);
    }
}
