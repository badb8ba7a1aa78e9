package org.roomrecorder.worker.media;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes the session's PCM on the recording clock ({@link AudioClock}): chunks where their arrival puts them,
 * stretched a little where the audio device's rate drifts, silence where none came, so audio never drifts from
 * video. Splits writes at segment boundaries exactly.
 */
final class AudioWriter implements Runnable {
    /** Mono s16le samples that arrived at {@code arrivalNanos}. */
    record Chunk(long arrivalNanos, byte[] pcm) {
    }

    private static final byte[] SILENCE = new byte[4800 * AudioClock.BYTES_PER_SAMPLE];

    private final Recorder recorder;
    private final BlockingQueue<Chunk> queue;
    private final SegmentChain chain;
    private final AudioClock audioClock;
    private final int firstSegment;
    private final long samplesPerSegment;
    private final long maxSamples;
    private int segment = -1;
    private OutputStream out;

    AudioWriter(Recorder recorder, BlockingQueue<Chunk> queue, SegmentChain chain, AudioClock audioClock,
            int firstSegment, int segmentSeconds, int maxDurationSeconds) {
        this.recorder = recorder;
        this.queue = queue;
        this.chain = chain;
        this.audioClock = audioClock;
        this.firstSegment = firstSegment;
        this.samplesPerSegment = segmentSeconds > 0 ? (long) AudioClock.SAMPLE_RATE * segmentSeconds : Long.MAX_VALUE;
        this.maxSamples = maxDurationSeconds > 0 ? (long) AudioClock.SAMPLE_RATE * maxDurationSeconds : Long.MAX_VALUE;
    }

    long silenceMillis() {
        return audioClock.silenceMillis();
    }

    long samplesWritten() {
        return audioClock.written();
    }

    @Override
    public void run() {
        try {
            while (true) {
                Chunk chunk = queue.poll(20, TimeUnit.MILLISECONDS);
                long now = System.nanoTime();
                long stopAt = recorder.stopAtNanos();
                if (chunk == null || chunk.arrivalNanos() > stopAt) {
                    long until = Math.min(now, stopAt);
                    writeSilence(audioClock.silenceIdle(until));
                    if (now >= stopAt && (chunk != null || queue.isEmpty())) {
                        writeSilence(audioClock.expectedAt(stopAt) - audioClock.written());
                        return;
                    }
                    continue;
                }
                writeSilence(audioClock.silenceBefore(chunk.arrivalNanos()));
                int samples = chunk.pcm().length / AudioClock.BYTES_PER_SAMPLE;
                long skip = audioClock.skipFrom(chunk.arrivalNanos(), samples);
                audioClock.dropped(skip);
                int kept = samples - (int) skip;
                int length = audioClock.stretchedLength(chunk.arrivalNanos(), kept);
                if (length == kept) {
                    write(chunk.pcm(), (int) skip, kept, false);
                } else {
                    write(resample(chunk.pcm(), (int) skip, kept, length), 0, length, false);
                }
                if (audioClock.written() >= maxSamples) {
                    recorder.stopByItself("max-duration");
                    return;
                }
            }
        } catch (IOException e) {
            recorder.writerFailed("audio", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (segment >= 0) {
                chain.release(segment, false);
            }
        }
    }

    private void writeSilence(long samples) throws IOException {
        long left = Math.min(samples, maxSamples - audioClock.written());
        while (left > 0) {
            int piece = (int) Math.min(left, SILENCE.length / AudioClock.BYTES_PER_SAMPLE);
            write(SILENCE, 0, piece, true);
            left -= piece;
        }
    }

    /**
     * Samples [from, from + count) of {@code pcm} resampled to {@code length} samples by linear interpolation; the
     * first and last sample stay, so consecutive chunks join without a step. The change is at most
     * {@value AudioClock#MAX_STRETCH_PERCENT} %, a pitch change few listeners hear.
     */
    static byte[] resample(byte[] pcm, int from, int count, int length) {
        byte[] out = new byte[length * AudioClock.BYTES_PER_SAMPLE];
        double step = length > 1 ? (count - 1) / (double) (length - 1) : 0;
        for (int i = 0; i < length; i++) {
            double position = i * step;
            int left = (int) position;
            int right = Math.min(left + 1, count - 1);
            double fraction = position - left;
            int value = (int) Math.round(sample(pcm, from + left) * (1 - fraction) + sample(pcm, from + right) * fraction);
            out[2 * i] = (byte) value;
            out[2 * i + 1] = (byte) (value >> 8);
        }
        return out;
    }

    private static int sample(byte[] pcm, int index) {
        return (short) ((pcm[2 * index] & 0xff) | (pcm[2 * index + 1] << 8));
    }

    /** Writes samples [from, from + count) of {@code pcm}, switching encoder at segment boundaries. */
    private void write(byte[] pcm, int from, int count, boolean silence) throws IOException {
        int done = 0;
        while (done < count) {
            long position = audioClock.written();
            int index = firstSegment + (int) (position / samplesPerSegment);
            if (index != segment) {
                if (segment >= 0) {
                    chain.release(segment, false);
                }
                segment = -1;
                out = chain.encoder(index).audioInput();
                segment = index;
            }
            long roomInSegment = samplesPerSegment == Long.MAX_VALUE ? Long.MAX_VALUE
                    : (index - firstSegment + 1L) * samplesPerSegment - position;
            int piece = (int) Math.min(count - done, roomInSegment);
            out.write(pcm, (from + done) * AudioClock.BYTES_PER_SAMPLE, piece * AudioClock.BYTES_PER_SAMPLE);
            if (silence) {
                audioClock.wroteSilence(piece);
            } else {
                audioClock.wroteSamples(piece);
            }
            done += piece;
        }
    }
}
