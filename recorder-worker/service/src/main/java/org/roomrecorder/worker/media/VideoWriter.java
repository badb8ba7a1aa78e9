package org.roomrecorder.worker.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Writes one frame per tick of the recording clock: the one due nearest to the tick, a repeat, or black. FFmpeg
 * stamps raw frames by count, so frame n is at n / fps in the file whenever it is written: a late write delays
 * nothing in the file. That is why each tick is written {@link #WRITE_DELAY_NANOS} after it is due: a frame decoded
 * a little late still lands in its own slot, and choosing the frame due nearest the tick (not the last one before
 * it) halves the error a constant frame rate adds to A/V sync. Lag beyond that delay is reported as encoder lag.
 * Frames are written from the frame memory straight to FFmpeg's video FIFO, with no copy on the heap. When the
 * writer stops, every frame of the session goes back to the frame memory.
 */
final class VideoWriter implements Runnable {
    static final long WRITE_DELAY_NANOS = 100_000_000L;

    private final Recorder recorder;
    private final VideoNormalizer normalizer;
    private final SegmentChain chain;
    private final RecordingClock clock;
    private final int frameRate;
    private final int firstSegment;
    private final long framesPerSegment;
    private final long maxFrames;
    private volatile long lagNanos;

    VideoWriter(Recorder recorder, VideoNormalizer normalizer, SegmentChain chain, RecordingClock clock, int frameRate,
            int firstSegment, int segmentSeconds, int maxDurationSeconds) {
        this.recorder = recorder;
        this.normalizer = normalizer;
        this.chain = chain;
        this.clock = clock;
        this.frameRate = frameRate;
        this.firstSegment = firstSegment;
        this.framesPerSegment = segmentSeconds > 0 ? (long) frameRate * segmentSeconds : Long.MAX_VALUE;
        this.maxFrames = maxDurationSeconds > 0 ? (long) frameRate * maxDurationSeconds : Long.MAX_VALUE;
    }

    long lagMillis() {
        return lagNanos / 1_000_000;
    }

    @Override
    public void run() {
        int segment = -1;
        WritableByteChannel out = null;
        try {
            for (long n = 0; ; n++) {
                long due = clock.startNanos() + n * 1_000_000_000L / frameRate;
                if (!recorder.awaitTick(due, due + WRITE_DELAY_NANOS)) {
                    return;
                }
                if (n >= maxFrames) {
                    recorder.stopByItself("max-duration");
                    return;
                }
                int index = firstSegment + (int) (n / framesPerSegment);
                if (index != segment) {
                    if (segment >= 0) {
                        chain.release(segment, true);
                    }
                    segment = -1;
                    out = chain.encoder(index).videoInput();
                    segment = index;
                }
                write(out, normalizer.next(due + 500_000_000L / frameRate));
                lagNanos = Math.max(0, System.nanoTime() - due - WRITE_DELAY_NANOS);
            }
        } catch (IOException e) {
            recorder.writerFailed("video", e);
        } finally {
            if (segment >= 0) {
                chain.release(segment, true);
            }
            normalizer.close();
        }
    }

    private void write(WritableByteChannel out, ByteBuffer frame) throws IOException {
        if (frame == null) {
            BlackFrame.write(out, normalizer.geometry());
            return;
        }
        frame.clear();
        while (frame.hasRemaining()) {
            out.write(frame);
        }
    }
}
