package org.roomrecorder.worker.media;

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
 * is written or dropped; given-back buffers are kept, per size, for the next frame of that size, so a warm worker
 * allocates nothing per frame. When a new buffer would pass the budget, free buffers of other sizes are let go first;
 * if that is not enough the frame is refused: its session drops it and counts it, and the worker says so in the log
 * (a few lines per window). The memory of a buffer let go returns when the garbage collector finds it; the JVM's
 * {@code -XX:MaxDirectMemorySize}, set a little above the budget, makes it collect before it would hold more.
 * Thread-safe.
 */
public final class FrameMemory {
    private static final Logger log = LoggerFactory.getLogger(FrameMemory.class);
    private static final long MIB = 1024 * 1024;

    private final long budget;
    /** Buffers given back and not taken again, by size; a size is listed only while it has some. */
    private final Map<Integer, ArrayDeque<ByteBuffer>> free = new HashMap<>();
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
            ByteBuffer reused = reuse(bytes);
            if (reused != null) {
                inUse += bytes;
                return reused;
            }
            room = makeRoom(bytes);
            if (room) {
                // Reserved before allocating, which may wait for a collection: others meanwhile see the budget right.
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
        inUse -= buffer.capacity();
        free.computeIfAbsent(buffer.capacity(), size -> new ArrayDeque<>()).addLast(buffer);
    }

    private ByteBuffer reuse(int bytes) {
        ArrayDeque<ByteBuffer> same = free.get(bytes);
        if (same == null) {
            return null;
        }
        ByteBuffer buffer = same.pollLast();
        if (same.isEmpty()) {
            free.remove(bytes);
        }
        return buffer;
    }

    /**
     * Lets go of free buffers (none of this size is free) until {@code bytes} more fit; false, letting go of none,
     * if the buffers in use leave too little.
     */
    private boolean makeRoom(int bytes) {
        if (inUse + bytes > budget) {
            return false;
        }
        Iterator<ArrayDeque<ByteBuffer>> sizes = free.values().iterator();
        while (allocated + bytes > budget && sizes.hasNext()) {
            ArrayDeque<ByteBuffer> buffers = sizes.next();
            while (allocated + bytes > budget && !buffers.isEmpty()) {
                allocated -= buffers.pollLast().capacity();
            }
            if (buffers.isEmpty()) {
                sizes.remove();
            }
        }
        return true;
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
