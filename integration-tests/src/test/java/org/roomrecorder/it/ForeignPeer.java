package org.roomrecorder.it;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A plugin impostor for a test to run under another uid ({@code setpriv}): says hello on the socket given as the
 * first argument and prints every frame body it gets until the worker hangs up, then {@code EOF}. JDK classes
 * only, so it runs from a copy of this one class file where the other user can read it.
 */
public final class ForeignPeer {
    private ForeignPeer() {
    }

    public static void main(String[] args) throws IOException {
        byte[] hello = "{\"type\":\"hello\",\"minVersion\":1,\"maxVersion\":1,\"software\":\"foreign-peer\"}"
                .getBytes(StandardCharsets.UTF_8);
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(Path.of(args[0])))) {
            ByteBuffer frame = ByteBuffer.allocate(4 + hello.length).putInt(hello.length).put(hello).flip();
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
            ByteBuffer length = ByteBuffer.allocate(4);
            while (readFully(channel, length.clear())) {
                ByteBuffer body = ByteBuffer.allocate(length.flip().getInt());
                if (!readFully(channel, body)) {
                    break;
                }
                System.out.println(new String(body.array(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            System.out.println("connection failed: " + e.getMessage());
        }
        System.out.println("EOF");
    }

    private static boolean readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }
}
