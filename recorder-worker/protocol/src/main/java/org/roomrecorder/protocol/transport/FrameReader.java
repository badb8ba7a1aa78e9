package org.roomrecorder.protocol.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ProtocolException;

/**
 * Cuts a byte stream into frames: a 4-byte big-endian body length, then the body. A length outside
 * 1..maxFrameBytes, or a stream that ends inside a frame, loses the frame boundary; those come out as fatal
 * {@link ProtocolException}s. Works on blocking channels ({@link #next}) and non-blocking ones
 * ({@link #readAvailable} then {@link #poll}). Not thread-safe.
 */
final class FrameReader {
    static final int HEADER_BYTES = 4;

    private final ReadableByteChannel channel;
    private final int maxFrameBytes;
    private ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
    /** Where the next unparsed frame starts; bytes up to buffer.position() have been read. */
    private int start;
    /** The last read filled the buffer, so the socket may hold more. */
    private boolean filled;

    FrameReader(ReadableByteChannel channel, int maxFrameBytes) {
        this.channel = channel;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * Blocking: the next frame's body (valid until the next call), or null when the peer closed the stream
     * between frames.
     */
    ByteBuffer next() throws IOException {
        ByteBuffer frame;
        while ((frame = poll()) == null) {
            if (readAvailable() < 0) {
                return null;
            }
        }
        return frame;
    }

    /**
     * Reads what the channel has. Returns the number of bytes read, or -1 when the stream ended between frames;
     * throws {@link ErrorCode#TRUNCATED_FRAME} when it ended inside one.
     */
    int readAvailable() throws IOException {
        if (start > 0 && start == buffer.position()) {
            buffer.clear();
            start = 0;
        } else if (start > 0 && buffer.remaining() < buffer.capacity() / 4) {
            buffer.limit(buffer.position()).position(start);
            buffer.compact();
            start = 0;
        }
        int read = channel.read(buffer);
        filled = !buffer.hasRemaining();
        if (read < 0 && buffer.position() > start) {
            throw new ProtocolException(ErrorCode.TRUNCATED_FRAME, "the stream ended inside a frame, after "
                    + (buffer.position() - start) + " bytes of it");
        }
        return read;
    }

    /** True if the last read stopped because the buffer was full rather than because the socket was drained. */
    boolean mayHaveMore() {
        return filled;
    }

    /** The next complete frame's body from what has been read (valid until the next read), or null. */
    ByteBuffer poll() {
        int available = buffer.position() - start;
        if (available < HEADER_BYTES) {
            return null;
        }
        int length = buffer.getInt(start);
        if (length <= 0) {
            throw new ProtocolException(ErrorCode.BAD_FRAME_LENGTH, "frame length " + Integer.toUnsignedString(length)
                    + (length == 0 ? " is empty" : " is beyond any limit"));
        }
        if (length > maxFrameBytes) {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE,
                    "frame of " + length + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
        }
        if (available < HEADER_BYTES + length) {
            makeRoom(HEADER_BYTES + length);
            return null;
        }
        ByteBuffer body = buffer.duplicate().limit(start + HEADER_BYTES + length).position(start + HEADER_BYTES);
        start += HEADER_BYTES + length;
        return body;
    }

    /** Makes sure a frame of this many bytes, starting at {@code start}, fits in the buffer. */
    private void makeRoom(int frameBytes) {
        if (buffer.capacity() - start >= frameBytes) {
            return;
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(frameBytes, buffer.capacity()));
        bigger.put(buffer.array(), start, buffer.position() - start);
        buffer = bigger;
        start = 0;
    }
}
