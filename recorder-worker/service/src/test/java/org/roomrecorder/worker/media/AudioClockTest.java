package org.roomrecorder.worker.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AudioClockTest {
    private static final int CHUNK = 480;
    private static final int TOLERANCE_MILLIS = 40;

    /**
     * An audio device whose 10 ms ticks run {@code ppm} parts per million long (or short, if negative), with ±2 ms
     * of arrival jitter, for ten minutes: each chunk starts within 10 ms of the device's true tick (0.5 % drift
     * costs about 3 ms), and after the first chunk no silence or dropped samples are needed to get there.
     */
    @ParameterizedTest
    @ValueSource(ints = {-6_000, -2_000, 0, 2_000, 6_000})
    void stretchingFollowsAnAudioDeviceThatRunsSlowOrFast(int ppm) {
        AudioClock clock = new AudioClock(0, TOLERANCE_MILLIS);
        Random jitter = new Random(ppm);
        double tickNanos = 10_000_000.0 * (1 + ppm / 1e6);
        long worstAfterSettling = 0;
        for (int chunk = 0; chunk < 60_000; chunk++) {
            long tick = Math.round(chunk * tickNanos);
            long arrival = tick + jitter.nextInt(4_000_001) - 2_000_000;
            if (chunk == 0) {
                clock.wroteSilence(clock.silenceBefore(arrival));
            }
            assertEquals(0, clock.silenceBefore(arrival), "silence needed at chunk " + chunk);
            assertEquals(0, clock.skipFrom(arrival, CHUNK), "samples dropped at chunk " + chunk);
            if (chunk > 300) {
                worstAfterSettling = Math.max(worstAfterSettling, Math.abs(clock.written() - clock.expectedAt(tick)));
            }
            clock.wroteSamples(clock.stretchedLength(arrival, CHUNK));
        }
        long worstMillis = worstAfterSettling * 1000 / AudioClock.SAMPLE_RATE;
        assertTrue(worstMillis <= 10, "the file strayed " + worstMillis + " ms from the clock");
    }

    @Test
    void theFirstSoundIsPlacedExactlyAfterTheSilenceBeforeIt() {
        AudioClock clock = new AudioClock(0, TOLERANCE_MILLIS);
        clock.wroteSilence(clock.silenceIdle(100_000_000L));
        long arrival = 130_000_000L;
        clock.wroteSilence(clock.silenceBefore(arrival));
        assertEquals(clock.expectedAt(arrival), clock.written());
        clock.wroteSamples(CHUNK);
        assertEquals(0, clock.silenceBefore(arrival + 30_000_000L), "later gaps within the tolerance are stretched");
    }

    @Test
    void aSteadyDeviceIsLeftUntouchedOnAverage() {
        AudioClock clock = new AudioClock(0, TOLERANCE_MILLIS);
        long stretched = 0;
        for (int chunk = 0; chunk < 1000; chunk++) {
            int length = clock.stretchedLength(chunk * 10_000_000L, CHUNK);
            stretched += Math.abs(length - CHUNK);
            clock.wroteSamples(length);
        }
        assertEquals(0, stretched);
    }

    @Test
    void resamplingKeepsTheEndsAndScalesTheLength() {
        byte[] ramp = new byte[CHUNK * 2];
        for (int i = 0; i < CHUNK; i++) {
            short value = (short) (i * 10);
            ramp[2 * i] = (byte) value;
            ramp[2 * i + 1] = (byte) (value >> 8);
        }
        byte[] longer = AudioWriter.resample(ramp, 0, CHUNK, 490);
        assertEquals(980, longer.length);
        assertArrayEquals(new byte[] {ramp[0], ramp[1]}, new byte[] {longer[0], longer[1]});
        assertArrayEquals(new byte[] {ramp[958], ramp[959]}, new byte[] {longer[978], longer[979]});
        int middle = (short) ((longer[490] & 0xff) | (longer[491] << 8));
        assertEquals(4790 / 2.0, middle, 10, "a ramp stays a ramp");

        byte[] tail = AudioWriter.resample(ramp, 100, 380, 372);
        assertArrayEquals(new byte[] {ramp[200], ramp[201]}, new byte[] {tail[0], tail[1]});
    }
}
