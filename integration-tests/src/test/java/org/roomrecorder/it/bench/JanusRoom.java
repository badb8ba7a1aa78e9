package org.roomrecorder.it.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.roomrecorder.it.ConferenceManifest;
import org.roomrecorder.it.Resources;
import org.roomrecorder.it.TestNetwork;
import org.roomrecorder.it.WorkerProcess;
import org.roomrecorder.it.janus.JanusPublisher;
import org.roomrecorder.it.janus.JanusPublishers;
import org.roomrecorder.it.janus.JanusServer;
import org.roomrecorder.it.janus.PluginProcess;
import org.roomrecorder.protocol.transport.Waits;

/**
 * The chain {@code ./recorder demo} starts, for the benches through real Janus: a test network, the worker from its
 * jar, Janus with one VideoRoom room, a JVM of webrtc-java publishers, and the plugin from its drop-in jar with the
 * Janus adapter, either at once or later ({@link #startPlugin}), when a bench measures the room without it first.
 */
final class JanusRoom implements AutoCloseable {
    static final String ID = "bench";
    static final String FIRST_VIDEO = "firstVideoFrameAt";
    static final String FIRST_AUDIO = "firstAudioFrameAt";
    /**
     * JanusIT's modest recording options (320x180 at 15 fps): with publishers sending 15 fps under a 300 kbit/s REMB
     * cap, a room of publishers, Janus and the worker's decoders and encoders share two cores, and an overloaded
     * machine would measure itself rather than the time to record.
     */
    static final String MODEST_OPTIONS = "options { frame-rate = 15, max-width = 320, max-height = 180,"
            + " video-bitrate-kbps = 300 }";
    static final int MODEST_BITRATE = 300_000;
    static final int MODEST_FRAME_RATE = 15;
    private static final int EVENTS_PORT = 7099;
    /** A plugin using less than this share of a core over a second has settled (idle, it uses about 1 %). */
    private static final double PLUGIN_SETTLED_PERCENT = 5;
    private static final Duration PLUGIN_SETTLE_LIMIT = Duration.ofSeconds(30);
    /** The plugin's log line saying it heard of a publisher: {@code 2026-…Z INFO [rr-janus] RoomRegistry [host=janus
     * confId=bench epId=p1] publishes [0, 1]}. */
    private static final Pattern HEARD = Pattern.compile("^(\\S+) .*\\[host=janus confId=" + ID
            + " epId=(\\S+)] publishes\\b");
    /** The worker's: {@code 2026-…Z INFO RecordingSession [confId=bench epId=p1 sessionId=…] ICE connected}. */
    private static final Pattern CONNECTED = Pattern.compile("^(\\S+) .*\\[confId=" + ID
            + " epId=(\\S+) sessionId=\\S+] ICE connected");

    /** How the plugin hears of publishers, as {@code hosts.janus.events} names it. */
    enum RoomEvents {
        OBSERVER("observer"), EVENT_HANDLER("event-handler");

        final String config;

        RoomEvents(String config) {
            this.config = config;
        }
    }

    private final RoomEvents events;
    private final Path dir;
    private TestNetwork network;
    private WorkerProcess worker;
    private JanusServer janus;
    private JanusPublishers publishers;
    private PluginProcess plugin;
    private ConferenceManifest manifest;

    private JanusRoom(RoomEvents events, Path dir) {
        this.events = events;
        this.dir = dir;
    }

    /**
     * Network, worker, Janus and publishers (not yet in the room); no plugin.
     *
     * @param maxPublishers the room's limit
     * @param bitrate       the REMB cap Janus gives publishers, bit/s
     * @param recordings    where Janus's own recorder writes, or null for none
     * @param frameRate     what the publishers send, frames per second
     * @param width         and height: the publishers' picture
     */
    static JanusRoom start(Path dir, RoomEvents events, int maxPublishers, int bitrate, Path recordings,
            int frameRate, int width, int height) throws Exception {
        JanusRoom room = new JanusRoom(events, dir);
        try {
            room.network = new TestNetwork();
            room.worker = WorkerProcess.start(room.network, dir.resolve("worker"), "sessions.max = 64");
            String backend = events == RoomEvents.EVENT_HANDLER
                    ? "http://127.0.0.1:" + EVENTS_PORT + "/janus-events" : null;
            room.janus = JanusServer.start(room.network, dir.resolve("janus"),
                    new JanusServer.Settings(List.of(ID), maxPublishers, bitrate, backend, recordings));
            room.publishers = JanusPublishers.start(room.janus, room.network, dir.resolve("farm.log"), frameRate,
                    width, height);
            room.manifest = new ConferenceManifest(room.worker.output().resolve(ID));
            return room;
        } catch (Exception | Error e) {
            room.close();
            throw e;
        }
    }

    /** The plugin with the Janus adapter, recording the room with {@code record} (HOCON of its record section). */
    void startPlugin(String record) throws Exception {
        String host = "url = \"" + janus.apiUri() + "\"\nevents = " + events.config + "\n"
                + (events == RoomEvents.EVENT_HANDLER ? "event-handler { address = \"127.0.0.1\", port = "
                        + EVENTS_PORT + ", path = \"/janus-events\" }" : "");
        plugin = PluginProcess.start(network, dir.resolve("plugin"), host, List.of(worker.socket()), record);
    }

    /**
     * Waits until the plugin's JVM has done its start-up work (class loading, the JIT's first compilations): a
     * plugin that has just started takes most of a core for a few seconds, which a plugin in production, running
     * for days, does not; a storm at that moment would measure the start-up.
     */
    void awaitPluginSettled() throws IOException {
        long deadline = System.nanoTime() + PLUGIN_SETTLE_LIMIT.toNanos();
        double percent;
        do {
            ProcessUsage before = ProcessUsage.of(plugin.pid());
            long from = System.nanoTime();
            Waits.until(Duration.ofSeconds(2), () -> System.nanoTime() > from + 1_000_000_000L, "a CPU sample");
            percent = ProcessUsage.of(plugin.pid()).cpuPercentSince(before, (System.nanoTime() - from) / 1e9);
        } while (percent >= PLUGIN_SETTLED_PERCENT && System.nanoTime() < deadline);
        if (percent >= PLUGIN_SETTLED_PERCENT) {
            System.err.printf("the plugin still used %.0f %% of a core after %d s; going on%n", percent,
                    PLUGIN_SETTLE_LIMIT.toSeconds());
        }
    }

    WorkerProcess worker() {
        return worker;
    }

    JanusServer janus() {
        return janus;
    }

    JanusPublishers publishers() {
        return publishers;
    }

    PluginProcess plugin() {
        return plugin;
    }

    /** When the worker's manifest says {@code field} (firstVideoFrameAt, firstAudioFrameAt) of p's first file. */
    Optional<Instant> first(JanusPublisher p, String field) {
        return manifest.segments(p.id()).stream().findFirst().flatMap(s -> s.at(field));
    }

    /**
     * Waits until every publisher is up at Janus and its first file has each of {@code fields} in the manifest, all
     * within {@code timeout}.
     */
    void awaitFirst(List<JanusPublisher> room, Duration timeout, String... fields) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (JanusPublisher p : room) {
            Waits.until(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), () -> p.upAt() != null
                    && List.of(fields).stream().allMatch(f -> first(p, f).isPresent()), "webrtcup and "
                    + String.join(" and ", fields) + " of " + p.id() + " in the manifest");
        }
    }

    /** When the plugin logged that it heard each publisher publish (room events), by publisher id. */
    Map<String, Instant> heard() throws IOException {
        return firstMatches(HEARD, plugin.log());
    }

    /** When the worker logged each publisher's PeerConnection to Janus connected (ICE and DTLS), by publisher id. */
    Map<String, Instant> connected() throws IOException {
        return firstMatches(CONNECTED, worker.log());
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

    /** Milliseconds from {@code from} to {@code to}; NaN where {@code to} is not known. */
    static double millis(Instant from, Instant to) {
        return to == null ? Double.NaN : Duration.between(from, to).toNanos() / 1e6;
    }

    /**
     * JanusIT's order: the publishers first, then the plugin, which finalizes what it still records, and the namespace
     * last.
     */
    @Override
    public void close() throws Exception {
        Resources.closeAll(publishers, plugin, janus, worker, network);
    }
}
