package org.roomrecorder.worker.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;
    /** These tests never fill their disk, so they hold no reserve (DiskReserveTest covers it). */
    private final ManifestStore store = new ManifestStore(Clock.systemUTC(), new DiskReserve(Path.of("unused"), 0));

    /** Eight sessions of one conference finish segments at once while a user reads the manifest in a loop. */
    @Test
    void concurrentUpdatesLoseNothingAndReadersNeverSeeAHalfWrittenFile() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(9);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        List<String> readFailures = new CopyOnWriteArrayList<>();
        Future<?> reader = pool.submit(() -> {
            ObjectMapper json = new ObjectMapper();
            while (writing.get()) {
                Path manifest = dir.resolve(ManifestStore.FILE_NAME);
                if (Files.exists(manifest)) {
                    try {
                        json.readTree(manifest.toFile()).path("recordings").size();
                        reads.incrementAndGet();
                    } catch (Exception e) {
                        readFailures.add(e.toString());
                    }
                }
            }
        });
        List<Future<?>> writers = new java.util.ArrayList<>();
        for (int endpoint = 0; endpoint < 8; endpoint++) {
            String id = "endpoint-" + endpoint;
            writers.add(pool.submit(() -> {
                for (int index = 0; index < 25; index++) {
                    Manifest.Segment segment = segment(id + "-g0-s" + index, index);
                    store.update(dir, "room", m -> m.withSegment(identity(id), segment, Instant.now()));
                }
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }
        writing.set(false);
        reader.get(10, TimeUnit.SECONDS);
        pool.shutdown();

        Manifest result = store.read(dir.resolve(ManifestStore.FILE_NAME));
        assertEquals(8, result.recordings().size());
        for (Manifest.Recording recording : result.recordings()) {
            assertEquals(25, recording.segments().size(), recording.endpointId());
        }
        assertTrue(readFailures.isEmpty(), readFailures::toString);
        assertTrue(reads.get() > 0, "the reader read the manifest while it was written");
    }

    @Test
    void theFileUsesTheDocumentedFieldNames() throws Exception {
        store.update(dir, "room", m -> m.withSegment(identity("alice"), segment("alice-g0-s0.mkv", 0), T0));
        JsonNode manifest = new ObjectMapper().readTree(dir.resolve(ManifestStore.FILE_NAME).toFile());
        assertEquals("room", manifest.path("conference").asText());
        Instant.parse(manifest.path("startedAt").asText());
        JsonNode recording = manifest.path("recordings").get(0);
        assertEquals("alice", recording.path("endpointId").asText());
        assertEquals("alice-cam", recording.path("streamId").asText());
        JsonNode segment = recording.path("segments").get(0);
        assertEquals("alice-g0-s0.mkv", segment.path("file").asText());
        assertEquals("2026-11-24T10:00:00Z", segment.path("startedAt").asText());
        assertEquals("2026-11-24T10:00:00.200Z", segment.path("firstVideoFrameAt").asText());
        assertEquals("2026-11-24T10:00:00.100Z", segment.path("firstAudioFrameAt").asText());
        assertEquals("2026-11-24T10:00:10Z", segment.path("endedAt").asText());
        assertEquals("closed", segment.path("endReason").asText());
    }

    @Test
    void theConferenceDirectoryIsMadeWhenTheManifestComesFirst() throws Exception {
        Path conference = dir.resolve("room-without-files-yet");
        store.update(conference, "room", m -> m.withSegment(identity("carol"), segment("carol-g0-s0.mkv", 0), T0));
        assertEquals("carol", store.read(conference.resolve(ManifestStore.FILE_NAME)).recordings().get(0).endpointId());
    }

    @Test
    void aDamagedManifestIsKeptAsideAndANewOneStarted() throws Exception {
        Files.writeString(dir.resolve(ManifestStore.FILE_NAME), "{\"conference\": \"room\", \"recordings\": [");
        store.update(dir, "room", m -> m.withSegment(identity("bob"), segment("bob-g0-s0.mkv", 0), T0));
        Manifest result = store.read(dir.resolve(ManifestStore.FILE_NAME));
        assertEquals(List.of("bob"), result.recordings().stream().map(Manifest.Recording::endpointId).toList());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("manifest.json.damaged-")).count());
        }
    }

    private static Manifest.Recording identity(String endpoint) {
        return new Manifest.Recording(endpoint, endpoint + "-cam", null, 0, List.of(), List.of());
    }

    private static Manifest.Segment segment(String file, int index) {
        Instant start = T0.plusSeconds(10L * index);
        return new Manifest.Segment(file, "session", index, start, start.plusMillis(200), start.plusMillis(100),
                start.plusSeconds(10), "closed", null, new Manifest.Codecs("VP8", "opus", "vp8", "opus"),
                new Manifest.Video(640, 360, 30, List.of(), 300, 300, 0, 0),
                new Manifest.Audio(48_000, 1, 480_000, 0));
    }
}
