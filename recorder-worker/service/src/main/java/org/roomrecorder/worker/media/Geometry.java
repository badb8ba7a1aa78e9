package org.roomrecorder.worker.media;

/**
 * The fixed size of a recording's video: the first frame's size, scaled down to fit max width and height, both
 * even (I420 needs them so). Every later frame is scaled and padded into it, so a size change never starts a
 * new file.
 */
public record Geometry(int width, int height) {
    public Geometry {
        if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("bad video geometry " + width + "x" + height);
        }
    }

    public static Geometry fitting(int width, int height, int maxWidth, int maxHeight) {
        double scale = Math.min(1.0, Math.min(maxWidth / (double) width, maxHeight / (double) height));
        return new Geometry(even(width * scale), even(height * scale));
    }

    /** The largest size with the aspect of (width, height) that fits inside this geometry. */
    public Geometry inner(int sourceWidth, int sourceHeight) {
        double scale = Math.min(width / (double) sourceWidth, height / (double) sourceHeight);
        return new Geometry(Math.min(width, even(sourceWidth * scale)), Math.min(height, even(sourceHeight * scale)));
    }

    public int frameBytes() {
        return width * height * 3 / 2;
    }

    private static int even(double value) {
        return Math.max(2, ((int) Math.round(value)) & ~1);
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
