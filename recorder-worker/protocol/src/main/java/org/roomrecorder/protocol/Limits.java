package org.roomrecorder.protocol;

/**
 * Size limits of the wire contract, checked when a message is built (so also on every decode). The frame limit is
 * a transport setting ({@code TransportConfig.maxFrameBytes}); these field limits are fixed by the protocol.
 */
public final class Limits {
    /** Default largest frame body, in bytes. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;
    /** Largest SDP, in characters (SDP is ASCII, so also bytes). */
    public static final int MAX_SDP_CHARS = 256 * 1024;
    /** Largest id (session, conference, endpoint, stream id) and display name, in characters. */
    public static final int MAX_ID_CHARS = 256;
    /** Largest ICE candidate line, in characters. */
    public static final int MAX_CANDIDATE_CHARS = 1024;
    /** Largest free-text field (reasons, details, error messages), in characters. Longer text is cut when sent. */
    public static final int MAX_TEXT_CHARS = 4096;
    /** Most files a {@code closed} message may list. */
    public static final int MAX_FILES = 10_000;

    private Limits() {
    }
}
