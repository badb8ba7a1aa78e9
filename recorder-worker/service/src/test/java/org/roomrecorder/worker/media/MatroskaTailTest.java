package org.roomrecorder.worker.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatroskaTailTest {
    private static final byte[] CLUSTER_ID = {0x1F, 0x43, (byte) 0xB6, 0x75};

    @TempDir
    Path dir;

    @Test
    void aFileCutShortInAClusterLosesThatClusterAndNothingElse() throws Exception {
        Path whole = dir.resolve("whole.mkv");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30",
                "-t", "4", "-c:v", "libvpx", "-b:v", "500k", "-f", "matroska", "-cluster_time_limit", "1000",
                whole.toString()).redirectErrorStream(true).start();
        assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS) && ffmpeg.exitValue() == 0, "ffmpeg made the test file");
        byte[] bytes = Files.readAllBytes(whole);
        assertEquals(0, MatroskaTail.cutUnfinishedElement(whole), "a whole file stays as it is");

        Path cut = dir.resolve("cut.mkv");
        int writtenBeforeTheDiskFilled = bytes.length * 2 / 3;
        Files.write(cut, Arrays.copyOf(bytes, writtenBeforeTheDiskFilled));
        long removed = MatroskaTail.cutUnfinishedElement(cut);

        long kept = Files.size(cut);
        assertEquals(writtenBeforeTheDiskFilled - removed, kept);
        assertTrue(removed > 0 && removed < bytes.length / 3, "removed " + removed + " of " + bytes.length);
        assertArrayEquals(CLUSTER_ID, Arrays.copyOfRange(bytes, (int) kept, (int) kept + 4),
                "the file now ends where the unfinished cluster began");
    }
}
