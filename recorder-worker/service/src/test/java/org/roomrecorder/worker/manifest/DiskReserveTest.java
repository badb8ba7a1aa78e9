package org.roomrecorder.worker.manifest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskReserveTest {
    private static final long KIB = 1024;

    @TempDir
    Path dir;

    @Test
    void holdsItsSizeInRealBlocksAndGivesUpWhatAWriteNeedsRoundedUp() throws Exception {
        DiskReserve reserve = new DiskReserve(dir, 256 * KIB);
        reserve.restoreIfRoom();
        assertEquals(256 * KIB, reserve.held());

        assertTrue(reserve.release(10 * KIB));
        assertEquals(192 * KIB, reserve.held());
        assertTrue(reserve.release(100 * KIB));
        assertEquals(64 * KIB, reserve.held());
        assertTrue(reserve.release(100 * KIB));
        assertEquals(0, reserve.held());
        assertFalse(reserve.release(1), "nothing left to give");

        reserve.restoreIfRoom();
        assertEquals(256 * KIB, reserve.held());
    }

    @Test
    void aReserveOfZeroHoldsNothing() {
        DiskReserve reserve = new DiskReserve(dir, 0);
        reserve.restoreIfRoom();
        assertFalse(Files.exists(dir.resolve(DiskReserve.FILE_NAME)));
        assertFalse(reserve.release(1));
    }
}
