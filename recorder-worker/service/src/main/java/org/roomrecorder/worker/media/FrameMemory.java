package org.roomrecorder.worker.media;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.roomrecorder.protocol.LogBudget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory every session's video frames live in: direct buffers, off the Java heap, under one budget for the whole
 * worker ({@code media.frame-memory}). A session takes a buffer per decoded frame and gives it back once the frame
 * is written or dropped. Given-back buffers are kept, per size, for the next frames of that size, as many as the
 * buffers of that size in use (at least {@value #MIN_KEPT_FREE}): the frames in flight rise and fall by a good part
 * with every frame and tick, and a new direct buffer costs its zeroing and a page fault per page (with half as many
 * kept, that churn took a sixth of a core at 16 sessions, BENCHMARKS.md). The frames that piled up behind a stalled
 * writer (each session's FFmpeg takes up to a second to start) and those of sessions that ended are still let go.
 * When a new buffer would pass the budget, free buffers of other sizes are let go first; if that is not enough the
 * frame is refused: its session drops it and counts it, and the worker says so in the log (a few lines per window).
 *
 * <p>A buffer let go is freed at once, through the JDK's {@code sun.misc.Unsafe.invokeCleaner} (as Netty and Lucene
 * free theirs), which is safe because nobody touches a buffer once given back. Left to the garbage collector, a
 * buffer that had lived long enough to be promoted waited for a full collection, which a 64 MiB heap seldom needs: in
 * a 30-minute soak of joins and leaves the worker's RSS rose by 200 MiB above what its sessions held, up to the JVM's
 * {@code -XX:MaxDirectMemorySize}, and fell only when that limit forced a collection. On a JDK without that method,
 * the collector's way remains, bounded by that limit. Thread-safe.
 */
public final class FrameMemory {
    private static final Logger log = LoggerFactory.getLogger(FrameMemory.class);
    private static final long MIB = 1024 * 1024;
    /** Free buffers kept per size however few are in use: one session's frames in flight. */
    static final int MIN_KEPT_FREE = 4;
    /** {@code Unsafe.invokeCleaner(ByteBuffer)}, bound; null on a JDK without it. */
    private static final MethodHandle FREE = freeHandle();

    /** The buffers of one size; listed only while some are in use or free. Guarded by the memory. */
    private static final class SizeClass {
        final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
        int inUse;

        int kept() {
            return Math.max(MIN_KEPT_FREE, inUse);
        }

        boolean empty() {
            return inUse == 0 && free.isEmpty();
        }
    }

    private final long budget;
    private final Map<Integer, SizeClass> sizes = new HashMap<>();
    private final LogBudget warnings = new LogBudget(5, Duration.ofSeconds(10));
    /** Bytes of the buffers this memory holds: taken or free. Guarded by {@code this}, as are the two below. */
    private long allocated;
    private long inUse;
    private long refused;

    public FrameMemory(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("frame memory budget " + budgetBytes + " is negative");
        }
        this.budget = budgetBytes;
    }

    /**
     * A buffer of exactly {@code bytes} (its content is what its last user left), or null when the budget has no
     * room for it: the caller drops its frame, and this counts it.
     */
    ByteBuffer take(int bytes, String logPrefix) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a frame of " + bytes + " bytes");
        }
        boolean room;
        synchronized (this) {
            SizeClass size = sizes.get(bytes);
            if (size != null && !size.free.isEmpty()) {
                size.inUse++;
                inUse += bytes;
                return size.free.pollLast();
            }
            room = makeRoom(bytes);
            if (room) {
                // Reserved before allocating, which may wait for a collection: others meanwhile see the budget right.
                sizes.computeIfAbsent(bytes, b -> new SizeClass()).inUse++;
                allocated += bytes;
                inUse += bytes;
            } else {
                refused++;
            }
        }
        if (!room) {
            warnRefused(bytes, logPrefix);
            return null;
        }
        try {
            return ByteBuffer.allocateDirect(bytes);
        } catch (OutOfMemoryError e) {
            // The JVM's own limit, even after collecting: its -XX:MaxDirectMemorySize leaves too little above the
            // budget. The frame is refused like any other rather than thrown at webrtc-java's thread.
            synchronized (this) {
                SizeClass size = sizes.get(bytes);
                size.inUse--;
                if (size.empty()) {
                    sizes.remove(bytes);
                }
                allocated -= bytes;
                inUse -= bytes;
                refused++;
            }
            warnRefused(bytes, logPrefix);
            return null;
        }
    }

    /** Takes back a buffer from {@link #take}, which its giver no longer touches. */
    synchronized void give(ByteBuffer buffer) {
        int bytes = buffer.capacity();
        SizeClass size = sizes.get(bytes);
        size.inUse--;
        inUse -= bytes;
        size.free.addLast(buffer);
        while (size.free.size() > size.kept()) {
            letGo(size.free.pollFirst());
        }
    }

    /**
     * Lets go of free buffers of other sizes (none of this size is free) until {@code bytes} more fit; false,
     * letting go of none, if the buffers in use leave too little.
     */
    private boolean makeRoom(int bytes) {
        if (inUse + bytes > budget) {
            return false;
        }
        Iterator<SizeClass> all = sizes.values().iterator();
        while (allocated + bytes > budget && all.hasNext()) {
            SizeClass size = all.next();
            while (allocated + bytes > budget && !size.free.isEmpty()) {
                letGo(size.free.pollFirst());
            }
            if (size.empty()) {
                all.remove();
            }
        }
        return true;
    }

    /** Frees a free buffer's memory now; nobody holds it any more. */
    private void letGo(ByteBuffer buffer) {
        allocated -= buffer.capacity();
        if (FREE == null) {
            return;
        }
        try {
            FREE.invokeExact(buffer);
        } catch (Throwable e) {
            // invokeCleaner refuses only slices and duplicates, which this memory never hands out.
            throw new IllegalStateException("could not free a frame buffer", e);
        }
    }

    private static MethodHandle freeHandle() {
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
            theUnsafe.setAccessible(true);
            return MethodHandles.lookup()
                    .findVirtual(unsafeClass, "invokeCleaner", MethodType.methodType(void.class, ByteBuffer.class))
                    .bindTo(theUnsafe.get(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("frame buffers are freed by the garbage collector, not at once: {}", e.toString());
            return null;
        }
    }

    /** Whether a buffer let go is freed at once, rather than when the garbage collector finds it. */
    static boolean freesAtOnce() {
        return FREE != null;
    }

    private void warnRefused(int bytes, String logPrefix) {
        long suppressed = warnings.take();
        if (suppressed >= 0) {
            log.warn("{}video frame dropped: no room for its {} MiB in the frame memory (media.frame-memory: {} of "
                    + "{} MiB in use){}", logPrefix, mib(bytes), mib(inUse()), mib(budget),
                    suppressed > 0 ? "; " + suppressed + " more such lines suppressed" : "");
        }
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / (double) MIB);
    }

    /** The budget, in bytes. */
    public long budget() {
        return budget;
    }

    /** Bytes of the buffers sessions hold now: frames waiting to be written and the last one written of each. */
    public synchronized long inUse() {
        return inUse;
    }

    /** Bytes held, in use or free for reuse; never more than the budget. */
    public synchronized long allocated() {
        return allocated;
    }

    /** Frames dropped since the worker started because the budget had no room for them. */
    public synchronized long refused() {
        return refused;
    }
}
