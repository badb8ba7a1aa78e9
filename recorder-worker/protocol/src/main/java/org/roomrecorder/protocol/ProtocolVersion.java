package org.roomrecorder.protocol;

/** The protocol versions a side speaks, and the handshake's choice between two sides. */
public record ProtocolVersion(int min, int max) {
    /** The version this build speaks. Raise it for an incompatible change; additive fields need no new version. */
    public static final int CURRENT = 1;

    public static final ProtocolVersion SUPPORTED = new ProtocolVersion(CURRENT, CURRENT);

    public ProtocolVersion {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException("bad version range " + min + ".." + max);
        }
    }

    /** The highest version both ranges hold. */
    public int negotiate(Hello hello) {
        int chosen = Math.min(max, hello.maxVersion());
        if (chosen < Math.max(min, hello.minVersion())) {
            throw new ProtocolException(ErrorCode.VERSION_MISMATCH, "the plugin (" + Text.printable(hello.software())
                    + ") speaks protocol versions " + describe(hello.minVersion(), hello.maxVersion())
                    + ", this worker speaks " + describe(min, max));
        }
        return chosen;
    }

    public Hello hello(String software) {
        return new Hello(min, max, software);
    }

    private static String describe(int from, int to) {
        return from == to ? String.valueOf(from) : from + " to " + to;
    }
}
