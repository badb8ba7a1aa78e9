package org.roomrecorder.it;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of the test's own, with a veth interface at 127.0.0.2: neither Janus nor libwebrtc gathers
 * candidates on loopback, but they do on this, and every packet stays in 127.0.0.0/8 inside the namespace.
 * Processes started with {@link #command} run in it; Unix-domain sockets still connect across it, so the test
 * JVM outside talks to them through socket files. Needs root.
 */
public final class TestNetwork implements AutoCloseable {
    private final String name = "rr-" + UUID.randomUUID().toString().substring(0, 8);

    public TestNetwork() throws IOException {
        run("ip", "netns", "add", name);
        run("ip", "-n", name, "link", "set", "lo", "up");
        run("ip", "-n", name, "link", "add", "vp0", "type", "veth", "peer", "name", "vp1");
        run("ip", "-n", name, "addr", "add", "127.0.0.2/32", "dev", "vp0");
        run("ip", "-n", name, "link", "set", "vp0", "up");
        run("ip", "-n", name, "link", "set", "vp1", "up");
    }

    public String name() {
        return name;
    }

    /** {@code command}, to be run inside the namespace. */
    public List<String> command(List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
        full.addAll(command);
        return full;
    }

    @Override
    public void close() throws IOException {
        run("ip", "netns", "delete", name);
    }

    private static void run(String... command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
