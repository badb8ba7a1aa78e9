package org.roomrecorder.worker.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameMemoryTest {
    private static final String SESSION = "[test] ";

    @Test
    void aBufferIsDirectAndOfExactlyTheSizeAskedFor() {
        FrameMemory memory = new FrameMemory(1 << 20);
        ByteBuffer frame = memory.take(640 * 360 * 3 / 2, SESSION);

        assertTrue(frame.isDirect());
        assertEquals(345_600, frame.capacity());
        assertEquals(345_600, memory.inUse());
        assertEquals(345_600, memory.allocated());
    }

    @Test
    void aBufferGivenBackIsReusedForTheSameSizeOnly() {
        FrameMemory memory = new FrameMemory(1 << 20);
        ByteBuffer first = memory.take(1000, SESSION);
        memory.give(first);
        assertEquals(0, memory.inUse());
        assertEquals(1000, memory.allocated());

        assertNotSame(first, memory.take(2000, SESSION));
        assertSame(first, memory.take(1000, SESSION));
        assertEquals(3000, memory.allocated());
    }

    /**
     * A buffer let go returns its memory at once, not at a garbage collection: one that had lived long enough to be
     * promoted used to wait for a full collection, which the worker's small heap seldom makes.
     */
    @Test
    void aBufferLetGoIsFreedAtOnce() {
        int bytes = 1_000_003;
        FrameMemory memory = new FrameMemory(16 * bytes);
        List<ByteBuffer> stalled = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            stalled.add(memory.take(bytes, SESSION));
        }
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        long before = direct.getMemoryUsed();

        stalled.forEach(memory::give);
        stalled.clear();

        assertEquals(FrameMemory.MIN_KEPT_FREE * (long) bytes, memory.allocated(), "a session's worth kept");
        long freed = before - direct.getMemoryUsed();
        assertTrue(freed >= (8 - FrameMemory.MIN_KEPT_FREE) * (long) bytes,
                "the JVM's direct memory fell by " + freed + " bytes, not by the buffers let go");
    }

    /** Frames that piled up behind a stalled writer are let go once written, but for as many as are in use. */
    @Test
    void freeBuffersAreKeptForAsManyAsThoseInUseOfTheirSize() {
        FrameMemory memory = new FrameMemory(1 << 20);
        List<ByteBuffer> stalled = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            stalled.add(memory.take(1000, SESSION));
        }
        memory.give(memory.take(2000, SESSION));
        for (ByteBuffer frame : stalled.subList(10, 40)) {
            memory.give(frame);
        }
        assertEquals(10 * 1000 + 10 * 1000 + 2000, memory.allocated(), "10 in use, 10 free, and the other size's");

        stalled.subList(0, 10).forEach(memory::give);
        assertEquals(0, memory.inUse());
        assertEquals(FrameMemory.MIN_KEPT_FREE * 1000 + 2000, memory.allocated(), "a session's worth kept");
    }

    @Test
    void aFrameBeyondTheBudgetIsRefusedAndCounted() {
        FrameMemory memory = new FrameMemory(2500);
        assertNotNull(memory.take(1000, SESSION));
        assertNotNull(memory.take(1000, SESSION));

        assertNull(memory.take(1000, SESSION));
        assertNull(memory.take(1000, SESSION));
        assertEquals(2, memory.refused());
        assertEquals(2000, memory.allocated());
        assertNotNull(memory.take(500, SESSION), "what is left still serves a frame that fits");
        assertEquals(2500, memory.allocated());
    }

    @Test
    void aFrameLargerThanTheWholeBudgetIsRefused() {
        FrameMemory memory = new FrameMemory(1000);
        assertNull(memory.take(1001, SESSION));
        assertEquals(1, memory.refused());
        assertEquals(0, memory.allocated());
    }

    @Test
    void freeBuffersOfOtherSizesAreLetGoToMakeRoom() {
        FrameMemory memory = new FrameMemory(3000);
        ByteBuffer a = memory.take(1000, SESSION);
        ByteBuffer b = memory.take(1000, SESSION);
        memory.give(a);
        memory.give(b);

        assertNotNull(memory.take(2000, SESSION));
        assertEquals(3000, memory.allocated(), "one 1000-byte buffer let go, the other still kept");
        assertNotNull(memory.take(1000, SESSION));
        assertEquals(3000, memory.allocated());
        assertEquals(0, memory.refused());
    }

    @Test
    void buffersInUseAreNeverLetGoAndFreeOnesOnlyWhenThatMakesRoom() {
        FrameMemory memory = new FrameMemory(3000);
        ByteBuffer held = memory.take(1000, SESSION);
        memory.give(memory.take(1000, SESSION));

        assertNull(memory.take(2500, SESSION));
        assertEquals(2000, memory.allocated(), "the free buffer was kept: letting it go would not have been enough");
        assertEquals(1000, memory.inUse());
        memory.give(held);
        assertEquals(0, memory.inUse());
    }
}
