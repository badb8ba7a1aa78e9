package org.roomrecorder.worker.media;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** A frame of one colour, in heap memory: stands in for a decoded webrtc-java frame in tests. */
final class SolidFrame implements I420Buffer {
    private final int width;
    private final int height;
    private final byte y;
    private final byte u;
    private final byte v;

    SolidFrame(int width, int height, int y, int u, int v) {
        this.width = width;
        this.height = height;
        this.y = (byte) y;
        this.u = (byte) u;
        this.v = (byte) v;
    }

    private static ByteBuffer plane(int bytes, byte value) {
        byte[] data = new byte[bytes];
        Arrays.fill(data, value);
        return ByteBuffer.wrap(data);
    }

    @Override
    public ByteBuffer getDataY() {
        return plane(width * height, y);
    }

    @Override
    public ByteBuffer getDataU() {
        return plane(width * height / 4, u);
    }

    @Override
    public ByteBuffer getDataV() {
        return plane(width * height / 4, v);
    }

    @Override
    public int getStrideY() {
        return width;
    }

    @Override
    public int getStrideU() {
        return width / 2;
    }

    @Override
    public int getStrideV() {
        return width / 2;
    }

    @Override
    public int getWidth() {
        return width;
    }

    @Override
    public int getHeight() {
        return height;
    }

    @Override
    public I420Buffer toI420() {
        return this;
    }

    @Override
    public VideoFrameBuffer cropAndScale(int cropX, int cropY, int cropWidth, int cropHeight, int scaleWidth,
            int scaleHeight) {
        return new SolidFrame(scaleWidth, scaleHeight, y & 0xff, u & 0xff, v & 0xff);
    }

    @Override
    public void retain() {
    }

    @Override
    public void release() {
    }
}
