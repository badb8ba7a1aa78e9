package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.roomrecorder.worker.media.MediaSignatures;

/**
 * Twelve publisher signatures, a tone and a colour each, and the check that a recording holds the one it should:
 * a file holding another publisher's signature was misrouted.
 */
public final class Signatures {
    public static final int COUNT = 12;
    /**
     * Each tone 12 % above the one before. Recorded tones measured up to 2 % flat on two busy cores, so a tone is
     * recognised within 4 %: never nearer a neighbour's.
     */
    private static final double TONE_TOLERANCE = 0.04;
    private static final double[] TONES = tones();
    /** BT.601 Y, U, V; each at least 50 away from every other in some plane. */
    private static final int[][] COLOURS = palette();

    private Signatures() {
    }

    public static double tone(int publisher) {
        return TONES[publisher];
    }

    public static int[] colour(int publisher) {
        return COLOURS[publisher].clone();
    }

    /** Asserts that two seconds of audio around {@code at} and the frame at {@code at} are the publisher's. */
    public static void assertHolds(Path file, int publisher, double at) throws Exception {
        double tone = MediaSignatures.dominantFrequency(file, Math.max(0, at - 1), 2.0);
        assertEquals(TONES[publisher], tone, TONES[publisher] * TONE_TOLERANCE, "tone of " + file);
        int[] yuv = MediaSignatures.meanYuv(file, at);
        for (int plane = 0; plane < 3; plane++) {
            assertEquals(COLOURS[publisher][plane], yuv[plane], 15, "plane " + plane + " of " + file);
        }
    }

    private static double[] tones() {
        double[] tones = new double[COUNT];
        for (int i = 0; i < COUNT; i++) {
            tones[i] = Math.round(400 * Math.pow(1.12, i) / 5) * 5.0; // MediaSignatures looks in 5 Hz steps
        }
        return tones;
    }

    private static int[][] palette() {
        int[][] colours = new int[COUNT][];
        int[] lumas = {70, 125, 180};
        int[][] chromas = {{100, 100}, {156, 156}, {100, 156}, {156, 100}};
        for (int i = 0; i < COUNT; i++) {
            colours[i] = new int[] {lumas[i % 3], chromas[i / 3][0], chromas[i / 3][1]};
        }
        return colours;
    }
}
