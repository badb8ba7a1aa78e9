package org.roomrecorder.worker.media;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns frames that arrive whenever the decoder delivers them into a constant frame rate of one fixed size.
 * {@link #offer} runs on the decoder's thread and copies the frame (scaled and padded to the geometry) into a
 * buffer of the worker's {@link FrameMemory}; {@link #next} runs once per tick of the recording clock and returns the
 * newest frame due by the tick's time, or the last one again if none was, or black before the first. A frame due
 * after the tick waits for its own tick, so a writer catching up after a stall (FFmpeg starting, a
 * busy machine) still puts every frame in its slot. A frame replaced before any tick took it counts as dropped, as
 * does one the frame memory had no room for; a frame written twice counts as duplicated. Frames go back to the frame
 * memory once replaced, and all of them when the session ends ({@link #close}): no allocation per frame once the
 * memory is warm.
 *
 * <p>Frames at the recording's own rate all fall at one phase between two ticks, and where that phase lies depends
 * on the publisher and on libwebrtc's playout delay. Rounding each frame to its nearest tick would, for frames near
 * the middle between two ticks, send a few ms of jitter to one tick or the other at random: a dropped frame and a
 * repeated one each time. So each due time is first shifted by the phase the frames keep (set by the first frame,
 * then smoothed over about half a second), which puts them on the ticks with half an interval of margin for jitter
 * either way. Near the middle the phase keeps its side until it is an eighth of an interval past it, so a frame is
 * shown at most five eighths of an interval from its due time (21 ms at 30 fps); a phase that drifts by a whole
 * interval costs exactly one drop or repeat.
 */
final class VideoNormalizer {
    /**
     * Frames kept for a stalled writer: one second at 30 fps, 10 MB at 640x360 and 40 MB at 1280x720, as long as
     * the frame memory has room. A writer stalled longer loses the oldest (counted as dropped).
     */
    private static final int MAX_WAITING = 30;
    /** How fast the phase follows the frames: each frame moves it 1/16 of the way, about half a second at 30 fps. */
    private static final int PHASE_SMOOTHING = 16;
    /** How far, in intervals, the phase may pass the middle between two ticks before it changes sides. */
    private static final int PHASE_HYSTERESIS_DIVISOR = 8;

    private final Geometry geometry;
    private final FrameMemory memory;
    private final String logPrefix;
    private final long startNanos;
    private final long intervalNanos;
    private final long phaseLimitNanos;
    /** The smoothed offset of frames from the tick they are shown at; guarded by {@code waiting}. */
    private long phaseNanos;
    private boolean phaseSet;
    /** Frames not written yet, oldest first, and when each is due; both guarded by {@code waiting}. */
    private final ArrayDeque<ByteBuffer> waiting = new ArrayDeque<>();
    private final ArrayDeque<Long> dues = new ArrayDeque<>();
    /** The session ended and its frames went back; guarded by {@code waiting}. */
    private boolean closed;
    private final AtomicLong framesIn = new AtomicLong();
    private final AtomicLong framesDropped = new AtomicLong();
    private final AtomicLong framesDuplicated = new AtomicLong();
    private final AtomicLong framesOut = new AtomicLong();
    private volatile int lastWidth;
    private volatile int lastHeight;
    /** The frame the last tick showed; null (black) before the first. The ticking thread's, and then close's. */
    private ByteBuffer lastWritten;

    /** Ticks fall at {@code startNanos} plus multiples of one frame interval at {@code frameRate}. */
    VideoNormalizer(Geometry geometry, long startNanos, int frameRate, FrameMemory memory, String logPrefix) {
        this.geometry = geometry;
        this.memory = memory;
        this.logPrefix = logPrefix;
        this.startNanos = startNanos;
        this.intervalNanos = 1_000_000_000L / frameRate;
        this.phaseLimitNanos = intervalNanos / 2 + intervalNanos / PHASE_HYSTERESIS_DIVISOR;
    }

    Geometry geometry() {
        return geometry;
    }

    /**
     * Takes a decoded frame that is due at {@code dueNanos}; the caller keeps ownership of {@code buffer} and
     * releases it.
     */
    void offer(VideoFrameBuffer buffer, long dueNanos) {
        lastWidth = buffer.getWidth();
        lastHeight = buffer.getHeight();
        ByteBuffer target = memory.take(geometry.frameBytes(), logPrefix);
        if (target == null) {
            framesIn.incrementAndGet();
            framesDropped.incrementAndGet();
            return;
        }
        try {
            copyInto(buffer, target);
        } catch (RuntimeException e) {
            memory.give(target);
            throw e;
        }
        framesIn.incrementAndGet();
        synchronized (waiting) {
            if (closed) {
                memory.give(target);
                return;
            }
            if (waiting.size() == MAX_WAITING) {
                drop();
            }
            waiting.addLast(target);
            dues.addLast(dueNanos - followPhase(dueNanos));
        }
    }

    /**
     * The frame for the tick due at {@code dueNanos}, null for black. Valid until the next call; only the ticking
     * thread calls it, and uses the frame's position and limit as it likes.
     */
    ByteBuffer next(long dueNanos) {
        ByteBuffer fresh = null;
        synchronized (waiting) {
            while (!dues.isEmpty() && dues.peekFirst() <= dueNanos) {
                if (fresh != null) {
                    memory.give(fresh);
                    framesDropped.incrementAndGet();
                }
                fresh = waiting.pollFirst();
                dues.pollFirst();
            }
        }
        if (fresh == null) {
            framesDuplicated.incrementAndGet();
        } else {
            if (lastWritten != null) {
                memory.give(lastWritten);
            }
            lastWritten = fresh;
        }
        framesOut.incrementAndGet();
        return lastWritten;
    }

    /** Moves the phase toward this frame's offset from its nearest tick, the short way round, and returns it. */
    private long followPhase(long dueNanos) {
        long offset = centred(dueNanos - startNanos);
        if (!phaseSet) {
            phaseSet = true;
            phaseNanos = offset;
        }
        phaseNanos += centred(offset - phaseNanos) / PHASE_SMOOTHING;
        if (phaseNanos > phaseLimitNanos) {
            phaseNanos -= intervalNanos;
        } else if (phaseNanos < -phaseLimitNanos) {
            phaseNanos += intervalNanos;
        }
        return phaseNanos;
    }

    /** {@code nanos} modulo one frame interval, in [-interval/2, interval/2). */
    private long centred(long nanos) {
        long half = intervalNanos / 2;
        return Math.floorMod(nanos + half, intervalNanos) - half;
    }

    /** Too many frames wait (the writer is stalled): the oldest can never be the newest of a tick again. */
    private void drop() {
        memory.give(waiting.pollFirst());
        dues.pollFirst();
        framesDropped.incrementAndGet();
    }

    /**
     * The session ended: every frame goes back to the frame memory, and frames offered from now on go straight back.
     * Call it once nothing will call {@link #next} again: when the writer has stopped, or if it never started.
     */
    void close() {
        synchronized (waiting) {
            closed = true;
            waiting.forEach(memory::give);
            waiting.clear();
            dues.clear();
            if (lastWritten != null) {
                memory.give(lastWritten);
                lastWritten = null;
            }
        }
    }

    long framesIn() {
        return framesIn.get();
    }

    long framesOut() {
        return framesOut.get();
    }

    long framesDropped() {
        return framesDropped.get();
    }

    long framesDuplicated() {
        return framesDuplicated.get();
    }

    /** The size of the last frame received, 0x0 before any. */
    int lastInputWidth() {
        return lastWidth;
    }

    int lastInputHeight() {
        return lastHeight;
    }

    private void copyInto(VideoFrameBuffer buffer, ByteBuffer target) {
        if (buffer.getWidth() == geometry.width() && buffer.getHeight() == geometry.height()) {
            copyPlanes(buffer.toI420(), target, geometry, 0, 0, buffer.getWidth(), buffer.getHeight());
            return;
        }
        Geometry inner = geometry.inner(buffer.getWidth(), buffer.getHeight());
        VideoFrameBuffer scaled = buffer.cropAndScale(0, 0, buffer.getWidth(), buffer.getHeight(), inner.width(),
                inner.height());
        try {
            BlackFrame.paint(target, geometry);
            int x = ((geometry.width() - inner.width()) / 2) & ~1;
            int y = ((geometry.height() - inner.height()) / 2) & ~1;
            copyPlanes(scaled.toI420(), target, geometry, x, y, inner.width(), inner.height());
        } finally {
            scaled.release();
        }
    }

    /** Copies an I420 image of size w x h into {@code target} (of geometry g) at offset (x, y). */
    private static void copyPlanes(I420Buffer src, ByteBuffer target, Geometry g, int x, int y, int w, int h) {
        int ySize = g.width() * g.height();
        int cw = g.width() / 2;
        copyPlane(src.getDataY(), src.getStrideY(), target, 0, g.width(), x, y, w, h);
        copyPlane(src.getDataU(), src.getStrideU(), target, ySize, cw, x / 2, y / 2, w / 2, h / 2);
        copyPlane(src.getDataV(), src.getStrideV(), target, ySize + ySize / 4, cw, x / 2, y / 2, w / 2, h / 2);
    }

    private static void copyPlane(ByteBuffer src, int srcStride, ByteBuffer target, int planeOffset,
            int targetStride, int x, int y, int w, int h) {
        for (int row = 0; row < h; row++) {
            target.put(planeOffset + (y + row) * targetStride + x, src, row * srcStride, w);
        }
    }
}
