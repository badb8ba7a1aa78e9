package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.it.ConferenceManifest.Segment;
import org.roomrecorder.it.janus.JanusPublisher;
import org.roomrecorder.it.janus.JanusPublishers;
import org.roomrecorder.it.janus.JanusServer;
import org.roomrecorder.it.janus.PluginProcess;
import org.roomrecorder.protocol.transport.Waits;
import org.roomrecorder.worker.manifest.DiskReserve;
import org.roomrecorder.worker.media.MediaSignatures;
import org.roomrecorder.worker.probe.RecordingProbe;

/**
 * The plugin's event-handler listener under attack while it records, for real: Janus posts room events to a live
 * plugin (event-handler mode), one webrtc-java publisher is being recorded, and meanwhile a few thousand hostile
 * HTTP requests and a handful of slow-loris clients hit the same listener ({@link HostileHttp}, seeded:
 * {@code -Drr.fuzz.seed=N} replays it). Afterwards the plugin lives, its threads and file descriptors are back near
 * where they were, and publishers joining after the attack, with hostile ids and display names, are recorded: the
 * listener still delivers Janus's events, and the names end up sanitized in files inside the output directory and
 * escaped in the logs.
 */
class ListenerFuzzIT {
    private static final String ROOM = "fuzz-room";
    private static final int EVENTS_PORT = 7098;
    private static final int REQUESTS = Integer.getInteger("rr.fuzz.requests", 3_000);
    private static final double[] TONES = {400, 560, 720, 880, 1040};
    private static final int[][] COLOURS = {{70, 100, 100}, {180, 156, 156}, {125, 100, 156}, {70, 156, 100},
        {180, 100, 156}};
    /** The newline-injection probe: a log line starting with this text was injected by an id or a name. */
    private static final String INJECTED = "INJECTED-LOG-LINE";

    @TempDir
    Path dir;
    private TestNetwork network;
    private WorkerProcess worker;
    private JanusServer janus;
    private PluginProcess plugin;
    private JanusPublishers publishers;
    private PortBridge bridge;
    private final Map<String, Integer> signatureOf = new HashMap<>();
    private final RecordingProbe probe = new RecordingProbe("ffprobe");

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(publishers, bridge, plugin, janus, worker, network);
    }

    @Test
    void theListenerSurvivesHostileClientsAndHostileNamesAreRecordedSafely() throws Exception {
        start();
        long pid = pluginPid();
        JanusPublisher first = publisher("first-" + UUID.randomUUID(), "First", 0);
        publishers.joinAndPublish(first).get(30, TimeUnit.SECONDS);
        ConferenceManifest manifest = new ConferenceManifest(worker.output().resolve(ROOM));
        awaitMedia(manifest, first);
        int threadsBefore = count(pid, "task");
        int fdsBefore = count(pid, "fd");

        long seed = Long.getLong("rr.fuzz.seed", new SplittableRandom().nextLong());
        HostileHttp attack = new HostileHttp(bridge.port(), "/janus-events", seed);
        int[] peak = {threadsBefore, fdsBefore};
        Thread sampler = sampler(pid, peak);
        Instant attackStart = Instant.now();
        attack.run(REQUESTS, 8, 6);
        Instant attackEnd = Instant.now();
        Duration attackTook = Duration.between(attackStart, attackEnd);
        sampler.interrupt();
        sampler.join();
        Map<String, Long> tally = attack.tally();
        System.out.printf("listener fuzz: seed %d, %d requests in %d ms (%.0f/s), answers %s, plugin threads %d"
                        + " (peak %d), fds %d (peak %d)%n", seed, REQUESTS, attackTook.toMillis(),
                REQUESTS / (attackTook.toMillis() / 1000.0), tally, threadsBefore, peak[0], fdsBefore, peak[1]);
        String replay = " (replay: -Drr.fuzz.seed=" + seed + ")";
        assertTrue(tally.keySet().stream().noneMatch(k -> k.endsWith(" 500") || k.startsWith("client failed")),
                "a handler or a client failed: " + tally + replay);
        assertTrue(tally.keySet().stream().anyMatch(k -> k.equals("oversized 413")), tally + replay);
        assertTrue(tally.keySet().stream().anyMatch(k -> k.equals("huge_headers 431")), tally + replay);
        assertTrue(tally.getOrDefault("slow-loris cut off", 0L) > 0, "slow clients are cut off: " + tally + replay);

        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the plugin lives" + replay);
        Waits.until(Duration.ofSeconds(30), () -> count(pid, "task") <= threadsBefore + 2
                && count(pid, "fd") <= fdsBefore + 2, "the plugin's threads (" + threadsBefore + ") and fds ("
                + fdsBefore + ") back near where they were before the attack" + replay);
        System.out.printf("listener fuzz: after the attack, plugin threads %d, fds %d%n", count(pid, "task"),
                count(pid, "fd"));

        // The farm names its WebRTC streams after the publisher id, and a line break in an SDP attribute breaks the
        // publisher itself, so ids get the path and shell tricks and the names get line breaks and escapes; the
        // plugin's own handling of line breaks and 10 KB in ids is fuzzed above and in the unit tests.
        List<JanusPublisher> hostile = new ArrayList<>(List.of(
                publisher("../../x", "$(touch /tmp/rr-pwned);`id`|&>\n" + INJECTED + " \u001b[31mred\u001b[0m", 1),
                publisher("..", "Zoë 😀 ../../etc/passwd \u202e\r\n" + INJECTED + "\u001b[2J", 2),
                publisher(UUID.randomUUID().toString(), "x".repeat(10_000), 3)));
        publishAll(hostile);
        publishWithNul().ifPresent(hostile::add);
        for (JanusPublisher p : hostile) {
            awaitMedia(manifest, p);
        }
        List<JanusPublisher> recorded = new ArrayList<>(hostile);
        recorded.add(first);
        CompletableFuture.allOf(recorded.stream().map(JanusPublisher::leave).toArray(CompletableFuture[]::new))
                .get(20, TimeUnit.SECONDS);
        for (JanusPublisher p : recorded) {
            assertRecording(awaitEnded(manifest, p));
        }
        Segment firstFile = manifest.segments(first.id()).get(0);
        double spanned = Duration.between(firstFile.firstMedia().orElseThrow(), attackEnd).toMillis() / 1000.0;
        assertTrue(probe.probe(firstFile.file()).duration() >= spanned && "endpoint-left".equals(firstFile.json()
                .path("endReason").asText()), "the recording made during the attack went on through it, in one file: "
                + firstFile.json());
        assertEquals(recorded.size(), manifest.json().path("recordings").size(), manifest.json()::toString);
        assertFilesStayInside();
        assertEscaped("plugin", plugin.log(), "epId=a?b?[2J"); // an id the attack posted, its line break escaped
        assertEscaped("worker", worker.log(), "epId=../../x");
        assertFalse(Files.exists(Path.of("/tmp/rr-pwned")), "a display name was run by a shell");
        assertTrue(publishers.errors().isEmpty(), publishers.errors()::toString);
    }

    private void start() throws Exception {
        network = new TestNetwork();
        worker = WorkerProcess.start(network, dir.resolve("worker"), "");
        janus = JanusServer.start(network, dir.resolve("janus"), new JanusServer.Settings(List.of(ROOM), 8, 300_000,
                "http://127.0.0.1:" + EVENTS_PORT + "/janus-events"));
        plugin = PluginProcess.start(network, dir.resolve("plugin"), "url = \"" + janus.apiUri() + "\"\n"
                        + "events = event-handler\nevent-handler { address = \"127.0.0.1\", port = " + EVENTS_PORT
                        + ", request-timeout = 2 s, idle-timeout = 5 s, max-connections = 16 }",
                List.of(worker.socket()),
                // Rooms the attack makes up are heard of, never recorded.
                "conferences = [\"" + ROOM + "\"]\n"
                        + "options { frame-rate = 15, max-width = 320, max-height = 180, video-bitrate-kbps = 300,\n"
                        + "  file-name-template = \"{endpoint}-{displayName}-g{generation}-s{segment}\" }");
        bridge = PortBridge.open(network, EVENTS_PORT, dir.resolve("events-bridge.sock"),
                dir.resolve("events-bridge.log"));
        publishers = JanusPublishers.start(janus, network, dir.resolve("farm.log"), 15);
    }

    /** A publisher whose display name holds NUL, if Janus takes it. */
    private Optional<JanusPublisher> publishWithNul() throws IOException, InterruptedException {
        JanusPublisher nul = publisher("nul-" + UUID.randomUUID(), "nul\u0000" + INJECTED, 4);
        try {
            publishers.join(nul).get(20, TimeUnit.SECONDS);
            nul.publish().get(60, TimeUnit.SECONDS);
            System.out.println("listener fuzz: Janus took a display name with NUL");
            return Optional.of(nul);
        } catch (ExecutionException | TimeoutException e) {
            // Observed with Janus 1.1 (Debian): the join is never answered, and Janus logs nothing about it.
            System.out.println("listener fuzz: Janus refused a display name with NUL (" + e + "); Janus said: "
                    + Files.readAllLines(janus.log()).stream().filter(l -> l.contains("JSON") || l.contains("\\u0000"))
                            .limit(3).toList());
            return Optional.empty();
        }
    }

    /** Joins and publishes them all at once; a failure names the publisher and shows what Janus and the farm said. */
    private void publishAll(List<JanusPublisher> all) throws IOException {
        Map<JanusPublisher, CompletableFuture<Void>> published = new LinkedHashMap<>();
        all.forEach(p -> published.put(p, publishers.joinAndPublish(p)));
        List<String> failures = new ArrayList<>();
        for (Map.Entry<JanusPublisher, CompletableFuture<Void>> entry : published.entrySet()) {
            try {
                entry.getValue().get(90, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException | InterruptedException e) {
                failures.add(first(entry.getKey().id()) + " (" + entry.getKey().id().length() + " chars): " + e);
            }
        }
        assertEquals(List.of(), failures, () -> "\nfarm: " + tail(dir.resolve("farm.log")) + "\njanus: "
                + tail(janus.log()) + "\nplugin: " + tail(dir.resolve("plugin").resolve("plugin.log")));
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.substring(Math.max(0, text.length() - 4000)).replaceAll("[\\p{Cntrl}&&[^\n]]", "?");
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private JanusPublisher publisher(String id, String display, int signature) {
        signatureOf.put(id, signature);
        return publishers.create(ROOM, id, display, TONES[signature], COLOURS[signature]);
    }

    /** The plugin's process id: the JVM whose command line names this test's plugin configuration. */
    private long pluginPid() {
        String config = dir.resolve("plugin").resolve("plugin.conf").toString();
        return ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> List.of(a).contains(config))
                .orElse(false) && p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .mapToLong(ProcessHandle::pid).findFirst().orElseThrow();
    }

    /** Entries of /proc/{pid}/{what}: {@code task} counts threads, {@code fd} open file descriptors. */
    private static int count(long pid, String what) {
        try (Stream<Path> entries = Files.list(Path.of("/proc", String.valueOf(pid), what))) {
            return (int) entries.count();
        } catch (IOException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static Thread sampler(long pid, int[] peak) {
        Thread thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak[0] = Math.max(peak[0], count(pid, "task"));
                peak[1] = Math.max(peak[1], count(pid, "fd"));
                try {
                    Thread.sleep(100); // the sampling period
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "proc-sampler");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void awaitMedia(ConferenceManifest manifest, JanusPublisher p) {
        Waits.until(Duration.ofSeconds(45), () -> manifest.segments(p.id()).stream().anyMatch(s -> s.firstMedia()
                .isPresent()), "media from " + p.id().length() + "-character id " + first(p.id()));
        Instant until = manifest.segments(p.id()).get(0).firstMedia().orElseThrow().plusSeconds(4);
        Waits.until(Duration.ofSeconds(15), () -> Instant.now().isAfter(until), "4 s of media");
    }

    private static Segment awaitEnded(ConferenceManifest manifest, JanusPublisher p) {
        Waits.until(Duration.ofSeconds(30), () -> {
            List<Segment> segments = manifest.segments(p.id());
            return segments.size() == 1 && segments.get(0).ended();
        }, "the finished file of " + first(p.id()) + ", manifest: " + manifest.json());
        return manifest.segments(p.id()).get(0);
    }

    private static String first(String text) {
        return text.substring(0, Math.min(20, text.length())).replaceAll("\\p{Cntrl}", "?");
    }

    /** A valid VP8/Opus file of at least 3 s with its own publisher's tone and colour. */
    private void assertRecording(Segment segment) throws Exception {
        Path file = segment.file();
        RecordingProbe.Result result = probe.probe(file);
        assertTrue(result.valid() && result.headerDuration() != null, result::toString);
        assertEquals("vp8", result.stream("video").codec(), file::toString);
        assertEquals("opus", result.stream("audio").codec(), file::toString);
        assertTrue(result.duration() >= 3, file + ": " + result.duration() + " s");
        int publisher = signatureOf.get(segment.endpoint());
        double middle = result.duration() / 2;
        assertEquals(TONES[publisher], MediaSignatures.dominantFrequency(file, middle - 1, 2.0),
                TONES[publisher] * 0.04, "tone of " + file);
        int[] yuv = MediaSignatures.meanYuv(file, middle);
        for (int plane = 0; plane < 3; plane++) {
            assertEquals(COLOURS[publisher][plane], yuv[plane], 15, "plane " + plane + " of " + file);
        }
    }

    /**
     * Every file the worker wrote is in the room's directory, and its name is one path component of the characters
     * the worker's naming allows (letters, digits, '.', '-', '_', and '~' before its hash), never '.' or '..'.
     */
    private void assertFilesStayInside() throws IOException {
        Path output = worker.output();
        Path room = output.resolve(ROOM);
        try (Stream<Path> files = Files.walk(output)) {
            // The worker's own disk reserve is the one file it keeps outside the conferences' directories.
            for (Path file : files.filter(Files::isRegularFile)
                    .filter(f -> !f.equals(output.resolve(DiskReserve.FILE_NAME))).toList()) {
                assertEquals(room, file.getParent(), "a file outside the room's directory: " + file);
                String name = file.getFileName().toString();
                assertTrue(name.matches("[\\p{L}\\p{N}._~-]{1,255}") && !name.startsWith("."), "unsafe name: " + name);
            }
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().startsWith("x")),
                    "nothing was written where the id ../../x pointed");
        }
    }

    /**
     * No raw control character (but line ends, and tabs of stack traces) in a log, no line that an id or a name
     * injected, and {@code expected} in it: proof that the hostile text was logged, escaped.
     */
    private static void assertEscaped(String process, String log, String expected) {
        for (String line : log.split("\n")) {
            assertFalse(line.startsWith(INJECTED), process + " logged a line injected by a name: " + line);
            assertTrue(line.chars().noneMatch(c -> Character.isISOControl(c) && c != '\t'),
                    process + " logged a raw control character: " + line.replaceAll("\\p{Cntrl}", "?"));
        }
        assertTrue(log.contains(expected), process + "'s log names the hostile publishers: " + expected);
    }
}
