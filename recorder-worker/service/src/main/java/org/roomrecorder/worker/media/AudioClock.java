package org.roomrecorder.worker.media;

/**
 * Keeps the recorded audio on the recording clock. Each chunk of PCM is placed where its arrival time says it
 * belongs. webrtc-java's headless audio device pulls its 10 ms chunks a fraction of a percent slower or faster than
 * real time, so audio written back to back drifts from video by several milliseconds a second; each chunk is
 * therefore stretched or shrunk by up to {@value #MAX_STRETCH_PERCENT} % towards where the clock wants the file,
 * following a smoothed error so that arrival jitter does not modulate the pitch. Beyond the tolerance (callbacks
 * stalled, or none came) the gap is filled with silence, or the early part of a chunk dropped. Only the audio writer
 * thread uses it.
 */
final class AudioClock {
    static final int SAMPLE_RATE = 48_000;
    static final int BYTES_PER_SAMPLE = 2;

    static final int MAX_STRETCH_PERCENT = 1;
    /** Weight of each chunk's error in the smoothed error: about the last 20 chunks (200 ms) count. */
    private static final double SMOOTHING = 0.05;
    /** The smoothed error is worked off over this many chunks (half a second). */
    private static final int CORRECTION_CHUNKS = 50;

    private final long startNanos;
    private final long toleranceSamples;
    private long written;
    private long silenceSamples;
    private long droppedSamples;
    private double smoothedAhead;

    AudioClock(long startNanos, int toleranceMillis) {
        this.startNanos = startNanos;
        this.toleranceSamples = (long) SAMPLE_RATE * toleranceMillis / 1000;
    }

    /** Where the clock says the file should be at {@code nanos}, in samples. */
    long expectedAt(long nanos) {
        return Math.max(0, (nanos - startNanos) * SAMPLE_RATE / 1_000_000_000L);
    }

    /**
     * Samples of silence to write before a chunk that starts at {@code nanos}. The first sound is placed exactly,
     * later chunks only once they are beyond the tolerance: within it, stretching closes the gap unheard.
     */
    long silenceBefore(long nanos) {
        long behind = expectedAt(nanos) - written;
        if (written == silenceSamples) {
            return Math.max(0, behind);
        }
        return behind > toleranceSamples ? behind - toleranceSamples / 2 : 0;
    }

    /** Samples to skip from the start of a chunk of {@code samples} that starts at {@code nanos}. */
    long skipFrom(long nanos, long samples) {
        long ahead = written - expectedAt(nanos);
        return ahead > toleranceSamples ? Math.min(samples, ahead - toleranceSamples / 2) : 0;
    }

    /** How many samples a chunk of {@code samples} that starts at {@code nanos} should be stretched or shrunk to. */
    int stretchedLength(long nanos, int samples) {
        long ahead = written - expectedAt(nanos);
        smoothedAhead += (ahead - smoothedAhead) * SMOOTHING;
        long limit = (long) samples * MAX_STRETCH_PERCENT / 100;
        long correction = Math.round(smoothedAhead / CORRECTION_CHUNKS);
        return samples - (int) Math.max(-limit, Math.min(limit, correction));
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
