package org.roomrecorder.worker;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether this process may raise threads to real-time priority (CAP_SYS_NICE, which root has). If it may, libwebrtc
 * raises its decoder and audio threads to it, and the worker's own threads and FFmpeg children started from them
 * inherit it: under load they starve everything else on the cores, other sessions' encoders included, and frames are
 * dropped long before the CPU is used up (BENCHMARKS.md, capacity). The systemd unit runs the worker as its own user,
 * and {@code ./recorder worker} drops the capability when started as root; this catches any other way of starting it.
 */
final class RealTimeCheck {
    private static final int CAP_SYS_NICE = 23;

    private RealTimeCheck() {
    }

    /** A warning for the log if this process has CAP_SYS_NICE in effect; empty if not, or if it cannot be told. */
    static Optional<String> warning() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("CapEff:"))
                    .findFirst()
                    .filter(line -> hasSysNice(line.substring("CapEff:".length()).trim()))
                    .map(line -> "this process may raise threads to real-time priority (CAP_SYS_NICE, e.g. as root):"
                            + " libwebrtc will, and its threads and the FFmpeg children started from them then starve"
                            + " other sessions under load. Run the worker as an unprivileged user (the systemd unit"
                            + " does) or start it with: setpriv --inh-caps=-sys_nice --bounding-set=-sys_nice java ...");
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** {@code capabilities}: the hexadecimal mask of /proc/PID/status. */
    static boolean hasSysNice(String capabilities) {
        return new BigInteger(capabilities, 16).testBit(CAP_SYS_NICE);
    }
}
