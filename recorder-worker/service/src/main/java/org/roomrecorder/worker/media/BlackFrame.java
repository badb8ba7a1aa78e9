package org.roomrecorder.worker.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/** Black in I420 (BT.601 limited range: luma 16, chroma 128), painted or written without a frame-sized buffer. */
final class BlackFrame {
    private static final byte LUMA = 16;
    private static final byte CHROMA = (byte) 128;
    private static final int RUN = 64 * 1024;
    private static final byte[] LUMA_RUN = run(LUMA);
    private static final byte[] CHROMA_RUN = run(CHROMA);
    /** Direct, so that writing them costs FFmpeg's pipe no copy; read-only, as every writer shares them. */
    private static final ByteBuffer LUMA_DIRECT = direct(LUMA_RUN);
    private static final ByteBuffer CHROMA_DIRECT = direct(CHROMA_RUN);

    private BlackFrame() {
    }

    /** Paints all of {@code frame}, of geometry {@code g}, black. */
    static void paint(ByteBuffer frame, Geometry g) {
        int lumaBytes = g.width() * g.height();
        fill(frame, 0, lumaBytes, LUMA_RUN);
        fill(frame, lumaBytes, g.frameBytes(), CHROMA_RUN);
    }

    /** Writes one black frame of geometry {@code g}. */
    static void write(WritableByteChannel out, Geometry g) throws IOException {
        int lumaBytes = g.width() * g.height();
        repeat(out, LUMA_DIRECT, lumaBytes);
        repeat(out, CHROMA_DIRECT, g.frameBytes() - lumaBytes);
    }

    private static void fill(ByteBuffer frame, int from, int to, byte[] run) {
        for (int i = from; i < to; i += run.length) {
            frame.put(i, run, 0, Math.min(run.length, to - i));
        }
    }

    private static void repeat(WritableByteChannel out, ByteBuffer run, int bytes) throws IOException {
        ByteBuffer piece = run.duplicate();
        for (int left = bytes; left > 0; left -= RUN) {
            piece.clear().limit(Math.min(RUN, left));
            while (piece.hasRemaining()) {
                out.write(piece);
            }
        }
    }

    private static byte[] run(byte value) {
        byte[] run = new byte[RUN];
        Arrays.fill(run, value);
        return run;
    }

    private static ByteBuffer direct(byte[] run) {
        return ByteBuffer.allocateDirect(RUN).put(run).flip().asReadOnlyBuffer();
    }
}
