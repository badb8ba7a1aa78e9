package org.roomrecorder.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.protocol.Closed;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.FrameFuzzer;
import org.roomrecorder.protocol.Limits;
import org.roomrecorder.protocol.Message;
import org.roomrecorder.protocol.MessageCodec;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.Ping;
import org.roomrecorder.protocol.Pong;
import org.roomrecorder.protocol.RecordingOptions;
import org.roomrecorder.protocol.transport.RawPeer;
import org.roomrecorder.protocol.transport.Waits;
import org.roomrecorder.worker.manifest.DiskReserve;
import org.roomrecorder.worker.media.MediaSignatures;
import org.roomrecorder.worker.probe.RecordingProbe;

/**
 * The worker process under faults: its disk fills up, it is stopped with eight live recordings, hostile clients
 * pound its socket. Each test runs the real worker in a test network of its own, with webrtc-java publishers
 * that each send their own tone and colour, and judges the files with ffprobe, ffmpeg and those signatures.
 * Measured figures are printed as {@code measured: …} lines (docs/reliability/worker.md).
 */
class WorkerFaultsIT {
    private static final double[] TONES = {330, 440, 550, 660, 770, 880, 990, 1100};
    /** BT.601 Y, U, V. */
    private static final int[][] COLOURS = {{81, 90, 240}, {145, 54, 34}, {41, 240, 110}, {170, 166, 16},
        {210, 16, 146}, {106, 202, 222}, {128, 128, 128}, {35, 180, 120}};
    private static final int METRICS_PORT = 9464;
    private static final long RESERVE_BYTES = 256 * 1024;
    private static final long FUZZ_SEED = Long.getLong("rr.fuzz.seed", 20261124L);
    private static final long FUZZ_FRAMES = Long.getLong("rr.fuzz.frames", 1_000_000L);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\dT[0-9:.]+[+-Z][0-9:]*) ");

    @TempDir
    Path dir;
    private TestNetwork network;
    private WorkerProcess worker;
    private Relay relay;
    private PortBridge metrics;
    private Path tmpfs;
    private final RecordingProbe probe = new RecordingProbe("ffprobe");

    @BeforeEach
    void start() throws IOException {
        network = new TestNetwork();
    }

    @AfterEach
    void stop() throws Exception {
        Resources.closeAll(relay, metrics, worker, this::unmount, network);
    }

    @Test
    void aFullDiskEndsItsRecordingsAsDiskFullAndTheWorkerRecordsAgainOnceThereIsRoom() throws Exception {
        tmpfs = dir.resolve("recordings"); // the worker's output directory (WorkerProcess)
        Files.createDirectories(tmpfs);
        run("mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", tmpfs.toString());
        worker = WorkerProcess.start(network, dir, "http.port = " + METRICS_PORT + "\n  output.disk-reserve = "
                + RESERVE_BYTES / 1024 + " KiB");
        metrics = PortBridge.open(network, METRICS_PORT, dir.resolve("metrics.sock"), dir.resolve("metrics.log"));
        Path reserve = tmpfs.resolve(DiskReserve.FILE_NAME);
        assertEquals(RESERVE_BYTES, Files.size(reserve), "the worker holds its reserve from the start");
        relay = Relay.start(worker, network, dir.resolve("farm.log"));
        for (int i = 0; i < 2; i++) {
            relay.record("full-" + i, "room-full", "full-" + i, RecordingOptions.defaults(), TONES[i], COLOURS[i]);
        }
        for (int i = 0; i < 2; i++) {
            relay.awaitRecording("full-" + i, 4);
            // On a busy machine FFmpeg runs behind its input: wait for what is on the disk, not what was sent.
            Path file = tmpfs.resolve("room-full/full-" + i + "-g0-s0.mkv");
            Waits.until(Duration.ofSeconds(30), () -> plays(file) >= 4.0, file + " to hold 4 s");
        }

        Path filler = tmpfs.resolve("filler");
        fillUp(filler);
        Instant full = Instant.now();
        Closed[] closed = {relay.awaitClosed("full-0"), relay.awaitClosed("full-1")};
        long fullToClosedMillis = Duration.between(full, Instant.now()).toMillis();

        for (Closed c : closed) {
            assertEquals("disk-full", c.reason(), c::toString);
        }
        assertTrue(worker.process().isAlive(), "the worker stays up");
        String log = worker.log();
        assertTrue(log.contains("disk full: ") && log.contains("No space left on device"), "the log names it");
        String scraped = scrape();
        assertTrue(scraped.contains("rr_worker_segments_failed_total{reason=\"disk-full\"} 2.0"), scraped);
        JsonNode manifest = new ObjectMapper().readTree(tmpfs.resolve("room-full/manifest.json").toFile());
        assertEquals(2, manifest.path("recordings").size(), manifest::toString);
        for (int i = 0; i < 2; i++) {
            JsonNode segment = manifest.path("recordings").get(i).path("segments").get(0);
            assertEquals("disk-full", segment.path("endReason").asText(), segment::toString);
            assertTrue(segment.path("endDetail").asText().contains("No space left on device"), segment::toString);
            Instant.parse(segment.path("endedAt").asText());
            Path file = tmpfs.resolve("room-full").resolve(segment.path("file").asText());
            RecordingProbe.Result result = probe.probe(file);
            // 4 s were on the disk when it filled; the cut takes at most the unfinished last 1 s cluster.
            assertTrue(result.valid() && result.duration() >= 3.0, result::toString);
            int publisher = Integer.parseInt(manifest.path("recordings").get(i).path("endpointId").asText()
                    .substring("full-".length()));
            assertSignature(file, publisher);
            System.out.printf("measured: disk-full file %s plays %.2f s under ffprobe%n", file.getFileName(),
                    result.duration());
        }
        long reserveLeft = Files.size(reserve);
        assertTrue(reserveLeft < RESERVE_BYTES, "the manifests' last rewrites took space from the reserve");
        System.out.printf("measured: disk full to both sessions closed %d ms (worker log: first ENOSPC to last "
                + "closed %s ms); reserve left %d of %d KiB%n", fullToClosedMillis, diskFullToClosedMillis(log),
                reserveLeft / 1024, RESERVE_BYTES / 1024);

        Files.delete(filler);
        relay.record("after", "room-after", "after", RecordingOptions.defaults(), TONES[2], COLOURS[2]);
        relay.awaitRecording("after", 4);
        relay.close("after", "endpoint-left");
        Closed after = relay.awaitClosed("after");
        assertEquals("endpoint-left", after.reason());
        Path file = worker.output().resolve(after.files().get(0).path());
        RecordingProbe.Result result = probe.probe(file);
        assertTrue(result.valid() && result.headerDuration() != null, result::toString);
        assertSignature(file, 2);
        assertEquals(RESERVE_BYTES, Files.size(reserve), "the reserve grew back once there was room");
        assertTrue(scrape().contains("rr_worker_disk_reserve_bytes " + (double) RESERVE_BYTES));
    }

    @Test
    void sigtermWithEightLiveRecordingsFinalizesEveryFileAndExitsZeroWithinTheDeadline() throws Exception {
        worker = WorkerProcess.start(network, dir, "sessions.media-timeout = 2 seconds\n  shutdown.deadline = 10 seconds");
        // 15 fps publishers: eight encoders in the farm and eight sessions in the worker share two cores.
        relay = Relay.start(worker, network, dir.resolve("farm.log"), 15);
        for (int i = 0; i < 8; i++) {
            relay.record("t" + i, "room-t", "t" + i, RecordingOptions.defaults(), TONES[i], COLOURS[i]);
        }
        for (int i = 0; i < 8; i++) {
            relay.awaitRecording("t" + i, 5);
        }
        Instant sigterm = Instant.now();
        long started = System.nanoTime();
        assertEquals(0, worker.terminate(Duration.ofSeconds(30)), "exit status");
        long exitMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Instant exited = Instant.now();
        assertTrue(exitMillis < 10_000, "exited " + exitMillis + " ms after SIGTERM; the deadline is 10 s");

        JsonNode manifest = new ObjectMapper().readTree(worker.output().resolve("room-t/manifest.json").toFile());
        assertEquals(8, manifest.path("recordings").size(), manifest::toString);
        double worstOutside = 0;
        for (JsonNode recording : manifest.path("recordings")) {
            String id = recording.path("endpointId").asText();
            JsonNode segment = recording.path("segments").get(0);
            assertEquals(1, recording.path("segments").size(), recording::toString);
            assertEquals("worker-shutdown", segment.path("endReason").asText(), segment::toString);
            Instant.parse(segment.path("endedAt").asText());
            Path file = worker.output().resolve("room-t").resolve(segment.path("file").asText());
            RecordingProbe.Result result = probe.probe(file);
            assertTrue(result.valid() && result.headerDuration() != null, "finalized: " + result);
            assertEquals("", decodeErrors(file), "ffmpeg decodes " + file.getFileName() + " without an error");
            // Each file holds media from its time 0 (startedAt: its first packets, which under load can be well before
            // the first frame) until its session stopped, between the SIGTERM and the exit.
            Instant time0 = Instant.parse(segment.path("startedAt").asText());
            double least = Duration.between(time0, sigterm).toMillis() / 1000.0;
            double most = Duration.between(time0, exited).toMillis() / 1000.0;
            double outside = Math.max(0, Math.max(least - result.duration(), result.duration() - most));
            assertTrue(outside <= 0.5, file.getFileName() + " plays " + result.duration() + " s, not " + least + " to "
                    + most + " s");
            worstOutside = Math.max(worstOutside, outside);
            assertSignature(file, Integer.parseInt(id.substring(1)));
        }
        assertTrue(worker.log().contains("closing: worker-shutdown"), "the log says why the sessions ended");
        System.out.printf("measured: SIGTERM with 8 sessions: exit 0 after %d ms; durations at most %.2f s outside "
                + "SIGTERM to exit%n", exitMillis, worstOutside);
    }

    @Test
    void hostileClientsLeaveTheWorkerServingAtItsBaseline() throws Exception {
        worker = WorkerProcess.start(network, dir, "sessions.orphan-grace = 1 second");
        Path socket = worker.socket();
        HostileClients clients = new HostileClients(socket);
        clients.connectAndHangUp(2); // so that what the first connection starts lazily is in the baseline
        long fdsBefore = worker.openFiles();
        long threadsBefore = worker.threads();

        List<FutureTask<Long>> lorises = List.of(HostileClients.slowLoris(socket, true),
                HostileClients.slowLoris(socket, false));
        long started = System.nanoTime();
        clients.fuzz(new FrameFuzzer(FUZZ_SEED), FUZZ_FRAMES);
        long fuzzMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("measured: fuzz %d frames over %d connections in %d ms (%.0f frames/s, seed %d)%n",
                clients.framesSent, clients.connections, fuzzMillis, clients.framesSent * 1000.0 / fuzzMillis, FUZZ_SEED);
        oversizedFramesAreRefusedByName(socket);

        started = System.nanoTime();
        HostileClients cycles = new HostileClients(socket);
        cycles.connectAndHangUp(1000);
        System.out.printf("measured: 1000 connect/disconnect cycles in %d ms%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        aPeerOfAnotherUserIsRefusedByItsCredentials(socket);
        System.out.printf("measured: slow loris cut off after %d ms in the handshake, %d ms after it%n",
                lorises.get(1).get(30, TimeUnit.SECONDS), lorises.get(0).get(30, TimeUnit.SECONDS));

        assertTrue(worker.process().isAlive(), "the worker survived");
        Waits.until(Duration.ofSeconds(30), () -> near(worker::openFiles, fdsBefore, 10)
                && near(worker::threads, threadsBefore, 10), "fds and threads back near the baseline");
        System.out.printf("measured: fds %d -> %d, threads %d -> %d%n", fdsBefore, worker.openFiles(), threadsBefore,
                worker.threads());
        String log = worker.log();
        List<String> stackTraces = log.lines().filter(l -> l.startsWith("\tat ") || l.startsWith("Caused by: ")
                || l.contains("Exception in thread")).limit(10).toList();
        assertEquals(List.of(), stackTraces, "no stack traces for bad input");
        System.out.printf("measured: worker log %d lines, %d of them WARN or ERROR%n", log.lines().count(),
                log.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).count());

        relay = Relay.start(worker, network, dir.resolve("farm.log"));
        relay.record("good", "room-good", "good", RecordingOptions.defaults(), TONES[5], COLOURS[5]);
        relay.awaitRecording("good", 4);
        relay.close("good", "endpoint-left");
        Path file = worker.output().resolve(relay.awaitClosed("good").files().get(0).path());
        RecordingProbe.Result result = probe.probe(file);
        assertTrue(result.valid() && result.headerDuration() != null, result::toString);
        assertSignature(file, 5);
    }

    /** Frames at and over the size limits: refused by name; only a lost frame boundary costs the connection. */
    private static void oversizedFramesAreRefusedByName(Path socket) throws IOException {
        try (RawPeer peer = RawPeer.handshaken(socket)) {
            peer.sendFrame(new byte[Limits.DEFAULT_MAX_FRAME_BYTES]);
            assertError(peer.nextNonPing(WAIT), ErrorCode.MALFORMED_JSON);
            peer.sendFrame(("{\"type\":\"offer\",\"session\":\"big\",\"sdp\":\"" + "v".repeat(Limits.MAX_SDP_CHARS + 1)
                    + "\"}").getBytes(UTF_8));
            assertError(peer.nextNonPing(WAIT), ErrorCode.FIELD_TOO_LONG);
            String open = new String(new MessageCodec().encode(new Open("s", "c", "e", "e", "NAME", 0, 0,
                    RecordingOptions.defaults(), null)), UTF_8);
            peer.sendFrame(open.replace("NAME", "名".repeat(10 * 1024)).getBytes(UTF_8));
            assertError(peer.nextNonPing(WAIT), ErrorCode.FIELD_TOO_LONG);
            peer.send(new Ping(7L));
            assertEquals(new Pong(7L), peer.nextNonPing(WAIT), "the connection goes on");
            peer.sendRaw(ByteBuffer.allocate(8).putInt(0, Limits.DEFAULT_MAX_FRAME_BYTES + 1));
            assertError(peer.nextNonPing(WAIT), ErrorCode.FRAME_TOO_LARGE);
            assertSame(RawPeer.EOF, peer.nextNonPing(WAIT));
        }
    }

    /**
     * Connects as uid 65534 (nobody). The socket's file mode is the first gate; here it is opened to everyone, so
     * that the worker's own check of the peer's credentials (SO_PEERCRED) is what refuses.
     */
    private void aPeerOfAnotherUserIsRefusedByItsCredentials(Path socket) throws Exception {
        Path classes = dir.resolve("foreign");
        Path classFile = Path.of(ForeignPeer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(ForeignPeer.class.getName().replace('.', '/') + ".class");
        Path copy = classes.resolve(ForeignPeer.class.getName().replace('.', '/') + ".class");
        Files.createDirectories(copy.getParent());
        Files.copy(classFile, copy);
        run("chmod", "-R", "a+rX", classes.toString());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        Process peer = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-cp", classes.toString(), ForeignPeer.class.getName(), socket.toString()).redirectErrorStream(true).start();
        String output = new String(peer.getInputStream().readAllBytes(), UTF_8);
        assertTrue(peer.waitFor(30, TimeUnit.SECONDS), "the foreign peer ended");
        assertTrue(output.contains("\"code\":\"peer-not-allowed\"") && output.endsWith("EOF\n"), output);
        assertTrue(worker.log().contains("refusing a peer running as user nobody"), "the worker logs the refusal");
    }

    private static void assertError(Message message, ErrorCode code) {
        ErrorMessage error = assertInstanceOf(ErrorMessage.class, message);
        assertEquals(code, error.code(), error::message);
    }

    private interface Count {
        long get() throws IOException;
    }

    private static boolean near(Count count, long baseline, long slack) {
        try {
            return count.get() <= baseline + slack;
        } catch (IOException e) {
            return false;
        }
    }

    /** From FFmpeg's first ENOSPC to the last disk-full session's end, by the worker log's own clock. */
    private static String diskFullToClosedMillis(String log) {
        Instant full = null;
        Instant closed = null;
        for (String line : log.lines().toList()) {
            Matcher time = LOG_TIME.matcher(line);
            if (!time.find()) {
                continue;
            }
            Instant at = java.time.OffsetDateTime.parse(time.group(1)).toInstant();
            if (full == null && line.contains("No space left on device")) {
                full = at;
            } else if (line.contains("closed: disk-full")) {
                closed = at;
            }
        }
        return full == null || closed == null ? "?" : String.valueOf(Duration.between(full, closed).toMillis());
    }

    /**
     * Checks the publisher's tone and colour, each measured after its first frame: the file's time 0 is its first
     * packets, and on a busy machine the first decoded frame can come seconds later (black until then).
     */
    private static void assertSignature(Path file, int publisher) throws Exception {
        JsonNode manifest = new ObjectMapper().readTree(file.resolveSibling("manifest.json").toFile());
        JsonNode segment = null;
        for (JsonNode recording : manifest.path("recordings")) {
            for (JsonNode s : recording.path("segments")) {
                segment = s.path("file").asText().equals(file.getFileName().toString()) ? s : segment;
            }
        }
        assertNotNull(segment, file + " in its manifest");
        double audio = secondsAfterStart(segment, "firstAudioFrameAt") + 0.5;
        double video = secondsAfterStart(segment, "firstVideoFrameAt") + 1.0;
        // Within 4 %, as Signatures allows: recorded tones come out up to 2 % flat on two busy cores, and the tones here
        // are 110 Hz apart, so 4 % is never nearer a neighbour's.
        assertEquals(TONES[publisher], MediaSignatures.dominantFrequency(file, audio, 1.5), TONES[publisher] * 0.04,
                "tone of " + file);
        int[] yuv = MediaSignatures.meanYuv(file, video);
        for (int plane = 0; plane < 3; plane++) {
            assertEquals(COLOURS[publisher][plane], yuv[plane], 15, "plane " + plane + " of " + file);
        }
    }

    private static double secondsAfterStart(JsonNode segment, String field) {
        return Duration.between(Instant.parse(segment.path("startedAt").asText()),
                Instant.parse(segment.path(field).asText())).toMillis() / 1000.0;
    }

    private double plays(Path file) {
        try {
            return probe.probe(file).duration();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** What {@code ffmpeg -v error} says decoding the whole file: nothing for a clean one. */
    private static String decodeErrors(Path file) throws IOException, InterruptedException {
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-")
                .redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes(), UTF_8).trim();
        ffmpeg.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    private String scrape() throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metrics.port() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Writes zeros to {@code file} until the file system has not one block left. */
    private static void fillUp(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocate(64 * 1024);
            while (true) {
                channel.write(zeros.clear());
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
    }

    private void unmount() throws IOException {
        if (tmpfs != null) {
            run("umount", tmpfs.toString());
        }
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
