package org.roomrecorder.worker.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.protocol.Gap;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.RecordingOptions;
import org.roomrecorder.worker.manifest.Manifest;
import org.roomrecorder.worker.manifest.ManifestStore;

class GenerationNumberingTest {
    private static final Instant T = Instant.parse("2026-11-24T03:00:00Z");

    @TempDir
    Path conference;
    private final ManifestStore store = new ManifestStore(Clock.systemUTC());
    private final GenerationNumbering numbering = new GenerationNumbering(store);

    @Test
    void aNewGenerationIsNumberedPastTheManifestsHighestOfItsEndpoint() throws Exception {
        recorded("alice", 0);
        recorded("alice", 2);
        recorded("bob", 7);
        assertEquals(3, numbering.number(open("s1", "alice", 0, true, null), conference, "").generation());
        assertEquals(0, numbering.number(open("s2", "carol", 0, true, null), conference, "").generation());
        assertEquals(5, numbering.number(open("s3", "dave", 5, true, null), conference, "").generation(),
                "a free number stays as asked");
    }

    @Test
    void liveSessionsCountBeforeTheirFirstFileIsListed() {
        assertEquals(0, numbering.number(open("s1", "alice", 0, true, null), conference, "").generation());
        assertEquals(1, numbering.number(open("s2", "alice", 0, true, null), conference, "").generation());
        numbering.ended("s1");
        numbering.ended("s2");
        assertEquals(0, numbering.number(open("s3", "alice", 0, true, null), conference, "").generation(),
                "ended sessions no longer count; nothing reached the manifest");
    }

    @Test
    void continuationsAndOpensThatDoNotAskKeepTheirGeneration() throws Exception {
        recorded("alice", 4);
        assertEquals(4, numbering.number(open("s1", "alice", 4, false, new Gap(T, "worker-lost")), conference, "")
                .generation());
        assertEquals(0, numbering.number(open("s2", "alice", 0, null, null), conference, "").generation(),
                "an older plugin numbers its generations itself");
    }

    private void recorded(String endpoint, int generation) throws Exception {
        Manifest.Recording identity = new Manifest.Recording(endpoint, endpoint, null, generation, List.of(), List.of());
        Manifest.Segment segment = new Manifest.Segment(endpoint + "-g" + generation + "-s0.mkv", "old", 0, T, null,
                null, null, null, null, null, null);
        store.update(conference, "room", m -> m.withSegment(identity, segment, T));
    }

    private static Open open(String session, String endpoint, int generation, Boolean newGeneration, Gap gap) {
        return new Open(session, "room", endpoint, endpoint, null, generation, gap == null ? 0 : 1,
                RecordingOptions.defaults(), gap, newGeneration);
    }
}
