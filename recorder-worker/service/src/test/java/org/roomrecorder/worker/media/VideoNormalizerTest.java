package org.roomrecorder.worker.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The normalizer driven as the recorder drives it: frames offered at their due times, ticks taken
 * {@link VideoWriter#WRITE_DELAY_NANOS} after theirs. Each frame's luma is its number, so each tick shows which frame
 * it wrote.
 */
class VideoNormalizerTest {
    private static final int FPS = 30;
    private static final long INTERVAL = 1_000_000_000L / FPS;
    private static final long HALF = INTERVAL / 2;
    private static final long MS = 1_000_000L;
    private static final Geometry GEOMETRY = new Geometry(16, 16);

    @Test
    void framesMidwayBetweenTicksWithJitterAreNeitherDroppedNorRepeated() {
        // Half an interval after each tick, 3 ms early or late at random: rounding each to its nearest tick would
        // send about half of them to the wrong one.
        Random random = new Random(7);
        Run run = run(240, INTERVAL, n -> HALF + (random.nextBoolean() ? 3 : -3) * MS);

        assertEquals(0, run.normalizer.framesDropped());
        assertTrue(run.normalizer.framesDuplicated() <= 1, "repeated " + run.normalizer.framesDuplicated());
        run.assertEachTickShowsAFrameWithin(HALF + 4 * MS);
    }

    @Test
    void aPhaseThatDriftsByOneIntervalCostsOneRepeat() {
        // libwebrtc's playout delay grows by 33 ms over 8 s: the frames come slightly slower than the ticks.
        Run run = run(240, INTERVAL, n -> n * INTERVAL / 240);

        assertEquals(0, run.normalizer.framesDropped());
        assertTrue(run.normalizer.framesDuplicated() <= 2, "repeated " + run.normalizer.framesDuplicated());
        run.assertEachTickShowsAFrameWithin(HALF + INTERVAL / 8 + 3 * MS);
    }

    @Test
    void aFasterInputLosesOnlyItsSurplusAndEachTickShowsTheNearestFrame() {
        Run run = run(240, INTERVAL / 2, n -> 0);

        long dropped = run.normalizer.framesDropped();
        assertTrue(dropped >= 115 && dropped <= 121, "dropped " + dropped + " of 240 frames at twice the rate");
        run.assertEachTickShowsAFrameWithin(HALF);
    }

    @Test
    void aSlowerInputIsRepeatedToTheFrameRate() {
        Run run = run(60, INTERVAL * 2, n -> 5 * MS);

        assertEquals(0, run.normalizer.framesDropped());
        long repeated = run.normalizer.framesDuplicated();
        assertTrue(repeated >= 58 && repeated <= 61, "repeated " + repeated + " for 60 frames at half the rate");
        run.assertEachTickShowsAFrameWithin(INTERVAL + 5 * MS);
    }

    /**
     * A writer that stops taking frames (FFmpeg stalled) while frames keep coming: the session holds what the frame
     * memory allows, drops the rest, and once the writer takes frames again it shows the ones it kept.
     */
    @Test
    void aStalledWriterStopsAtTheFrameMemoryInsteadOfGrowing() {
        int frameBytes = GEOMETRY.frameBytes();
        FrameMemory memory = new FrameMemory(10L * frameBytes);
        VideoNormalizer normalizer = new VideoNormalizer(GEOMETRY, 0, FPS, memory, "[test] ");
        for (int n = 0; n < 100; n++) {
            normalizer.offer(new SolidFrame(16, 16, n, 128, 128), n * INTERVAL);
            assertTrue(memory.allocated() <= 10L * frameBytes, "frame " + n + ": " + memory.allocated() + " bytes");
        }

        assertEquals(10L * frameBytes, memory.inUse());
        assertEquals(90, memory.refused());
        assertEquals(100, normalizer.framesIn());
        assertEquals(90, normalizer.framesDropped());
        for (int n = 0; n < 10; n++) {
            assertEquals(n, normalizer.next(n * INTERVAL + HALF).get(0), "tick " + n);
        }
        assertEquals(90, normalizer.framesDropped(), "the frames kept were all written");
        assertEquals(frameBytes, memory.inUse(), "only the frame shown last is held");
        normalizer.offer(new SolidFrame(16, 16, 100, 128, 128), 100 * INTERVAL);
        assertEquals(100, normalizer.next(100 * INTERVAL + HALF).get(0), "room again once frames are written");
        assertEquals(90, memory.refused());
    }

    /** A session that ends gives every frame back, and frames decoded after its end go straight back too. */
    @Test
    void closingGivesEveryFrameBack() {
        FrameMemory memory = new FrameMemory(1 << 20);
        VideoNormalizer normalizer = new VideoNormalizer(GEOMETRY, 0, FPS, memory, "[test] ");
        for (int n = 0; n < 5; n++) {
            normalizer.offer(new SolidFrame(16, 16, n, 128, 128), n * INTERVAL);
        }
        normalizer.next(HALF);
        assertEquals(5L * GEOMETRY.frameBytes(), memory.inUse());

        normalizer.close();
        assertEquals(0, memory.inUse());
        normalizer.offer(new SolidFrame(16, 16, 9, 128, 128), 9 * INTERVAL);
        assertEquals(0, memory.inUse());
        assertEquals((long) FrameMemory.MIN_KEPT_FREE * GEOMETRY.frameBytes(), memory.allocated(),
                "a session's worth kept for the next one");
    }

    /** The frames offered (frame n due at n * spacing + offset(n)) and, per tick, the frame it showed. */
    private record Run(VideoNormalizer normalizer, long[] dues, List<long[]> ticks) {
        /** Every tick after the first frame shows a frame due within {@code nanos} of the tick. */
        void assertEachTickShowsAFrameWithin(long nanos) {
            for (long[] tick : ticks) {
                int frame = (int) tick[1];
                if (frame >= 0) {
                    long error = Math.abs(tick[0] - dues[frame]);
                    assertTrue(error <= nanos, "tick at " + tick[0] / MS + " ms showed frame " + frame + " due at "
                            + dues[frame] / MS + " ms");
                }
            }
        }
    }

    private static Run run(int frames, long spacing, LongUnaryOperator offset) {
        VideoNormalizer normalizer = new VideoNormalizer(GEOMETRY, 0, FPS, new FrameMemory(1 << 20), "[test] ");
        long[] dues = new long[frames];
        for (int n = 0; n < frames; n++) {
            dues[n] = n * spacing + offset.applyAsLong(n);
        }
        List<long[]> ticks = new ArrayList<>();
        int offered = 0;
        for (long tick = 0; tick <= dues[frames - 1]; tick += INTERVAL) {
            long writtenAt = tick + VideoWriter.WRITE_DELAY_NANOS;
            while (offered < frames && dues[offered] <= writtenAt) {
                normalizer.offer(new SolidFrame(16, 16, offered % 250, 128, 128), dues[offered]);
                offered++;
            }
            ByteBuffer shown = normalizer.next(tick + HALF);
            ticks.add(new long[] {tick, offered == 0 ? -1 : frameNumber(shown, offered)});
        }
        return new Run(normalizer, dues, ticks);
    }

    /** The frame a tick showed: the latest offered one whose number has the luma shown; -1 for black (null). */
    private static int frameNumber(ByteBuffer shown, int offered) {
        if (shown == null) {
            return -1;
        }
        int luma = shown.get(0) & 0xff;
        return offered - 1 - Math.floorMod(offered - 1 - luma, 250);
    }
}
