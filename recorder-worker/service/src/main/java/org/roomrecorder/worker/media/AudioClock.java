package org.roomrecorder.worker.media;

/**
 * Keeps the recorded audio on the recording clock. Each chunk of PCM is placed where its arrival time says it
 * belongs: if the file is behind (callbacks stalled, or none came), silence fills the gap; if it is ahead (the
 * audio device ticks a little fast), the early part of the chunk is dropped. Within the tolerance the samples go
 * through untouched, so jitter causes no glitches. Only the audio writer thread uses it.
 */
final class AudioClock {
    static final int SAMPLE_RATE = 48_000;
    static final int BYTES_PER_SAMPLE = 2;

    private final long startNanos;
    private final long toleranceSamples;
    private long written;
    private long silenceSamples;
    private long droppedSamples;

    AudioClock(long startNanos, int toleranceMillis) {
        this.startNanos = startNanos;
        this.toleranceSamples = (long) SAMPLE_RATE * toleranceMillis / 1000;
    }

    /** Where the clock says the file should be at {@code nanos}, in samples. */
    long expectedAt(long nanos) {
        return Math.max(0, (nanos - startNanos) * SAMPLE_RATE / 1_000_000_000L);
    }

    /** Samples of silence to write before a chunk that starts at {@code nanos}. */
    long silenceBefore(long nanos) {
        long behind = expectedAt(nanos) - written;
        return behind > toleranceSamples ? behind - toleranceSamples / 2 : 0;
    }

    /** Samples to skip from the start of a chunk of {@code samples} that starts at {@code nanos}. */
    long skipFrom(long nanos, long samples) {
        long ahead = written - expectedAt(nanos);
        return ahead > toleranceSamples ? Math.min(samples, ahead - toleranceSamples / 2) : 0;
    }

    /** Silence to write now when no chunk came, keeping the file no more than the tolerance behind. */
    long silenceIdle(long nowNanos) {
        long behind = expectedAt(nowNanos) - written;
        return behind > toleranceSamples ? behind - toleranceSamples / 2 : 0;
    }

    void wroteSamples(long samples) {
        written += samples;
    }

    void wroteSilence(long samples) {
        written += samples;
        silenceSamples += samples;
    }

    void dropped(long samples) {
        droppedSamples += samples;
    }

    long written() {
        return written;
    }

    long silenceMillis() {
        return silenceSamples * 1000 / SAMPLE_RATE;
    }

    long droppedMillis() {
        return droppedSamples * 1000 / SAMPLE_RATE;
    }
}
