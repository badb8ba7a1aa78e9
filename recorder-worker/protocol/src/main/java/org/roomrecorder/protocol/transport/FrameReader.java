package org.roomrecorder.protocol.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ProtocolException;

/**
 * Reads frames: a 4-byte big-endian body length, then the body. A length outside 1..maxFrameBytes or a stream
 * that ends inside a frame loses the frame boundary, so those come out as fatal {@link ProtocolException}s.
 * Not thread-safe: one reader thread per connection.
 */
final class FrameReader {
    static final int HEADER_BYTES = 4;

    private final ReadableByteChannel channel;
    private final int maxFrameBytes;
    private final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    private ByteBuffer body = ByteBuffer.allocate(4096);

    FrameReader(ReadableByteChannel channel, int maxFrameBytes) {
        this.channel = channel;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * The next frame's body (valid until the next call), or null when the peer closed the stream between frames.
     */
    ByteBuffer next() throws IOException {
        header.clear();
        if (!fill(header, true)) {
            return null;
        }
        int length = header.getInt(0);
        if (length <= 0) {
            throw new ProtocolException(ErrorCode.BAD_FRAME_LENGTH, "frame length " + Integer.toUnsignedString(length)
                    + (length == 0 ? " is empty" : " is beyond any limit"));
        }
        if (length > maxFrameBytes) {
            throw new ProtocolException(ErrorCode.FRAME_TOO_LARGE,
                    "frame of " + length + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
        }
        if (body.capacity() < length) {
            body = ByteBuffer.allocate(Math.max(length, Math.min(maxFrameBytes, body.capacity() * 2)));
        }
        body.clear().limit(length);
        fill(body, false);
        return body.flip();
    }

    /** Fills the buffer; false if the stream ended before the first byte and that is allowed. */
    private boolean fill(ByteBuffer buffer, boolean eofAllowedAtStart) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (eofAllowedAtStart && buffer.position() == 0) {
                    return false;
                }
                throw new ProtocolException(ErrorCode.TRUNCATED_FRAME,
                        "the stream ended inside a frame, after " + buffer.position() + " of " + buffer.limit() + " bytes");
            }
        }
        return true;
    }
}
