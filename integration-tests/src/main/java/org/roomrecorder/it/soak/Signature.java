package org.roomrecorder.it.soak;

/**
 * What a publisher of the soak's cast sends, so that a recording shows whose media it holds: a tone at least 12 %
 * from every other (in the 5 Hz steps MediaSignatures looks in) and a colour (BT.601 Y, U, V) at least 50 from every
 * other in some plane.
 */
record Signature(double tone, int[] yuv) {
    /** A recording's tone may be this far off, relatively: under half the spacing of the tones. */
    static final double TONE_TOLERANCE = 0.04;
    /** A recording's mean colour may be this far off in each plane: VP8 at 1 Mbit/s stays well within it. */
    static final int COLOUR_TOLERANCE = 15;

    private static final int[] LUMAS = {60, 110, 160, 210};
    private static final int[][] CHROMAS = {{100, 100}, {156, 156}, {100, 156}, {156, 100}};

    static Signature of(int publisher) {
        double tone = Math.round(400 * Math.pow(1.12, publisher) / 5) * 5.0;
        int[] chroma = CHROMAS[publisher / LUMAS.length % CHROMAS.length];
        return new Signature(tone, new int[] {LUMAS[publisher % LUMAS.length], chroma[0], chroma[1]});
    }

    boolean toneMatches(double measured) {
        return Math.abs(measured - tone) <= tone * TONE_TOLERANCE;
    }

    boolean colourMatches(int[] measured) {
        for (int plane = 0; plane < 3; plane++) {
            if (Math.abs(measured[plane] - yuv[plane]) > COLOUR_TOLERANCE) {
                return false;
            }
        }
        return true;
    }
}
