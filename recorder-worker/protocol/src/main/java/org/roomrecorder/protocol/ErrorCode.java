package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why a frame or a request was refused. On the wire in kebab-case, for example {@code frame-too-large}. */
public enum ErrorCode {
    /** The length prefix announces more than the receiver's frame limit. The stream is closed. */
    FRAME_TOO_LARGE(true),
    /** The length prefix is zero or negative. The stream is closed. */
    BAD_FRAME_LENGTH(true),
    /** The stream ended in the middle of a frame. The stream is closed. */
    TRUNCATED_FRAME(true),
    /** The frame is not a single well-formed JSON object. */
    MALFORMED_JSON(false),
    /** The frame's {@code type} names no message of this protocol version. */
    UNKNOWN_TYPE(false),
    /** A required field is absent or null. */
    MISSING_FIELD(false),
    /** A field holds a JSON value of the wrong kind, for example a number where a string belongs. */
    WRONG_FIELD_TYPE(false),
    /** A field is of the right kind but outside its allowed values. */
    INVALID_VALUE(false),
    /** A string field is longer than its limit (see {@link Limits}). */
    FIELD_TOO_LONG(false),
    /** A message that this side never accepts, or not in this state. */
    UNEXPECTED_MESSAGE(false),
    /** The first frame of a connection was not a {@code hello}. The stream is closed. */
    HANDSHAKE_REQUIRED(true),
    /** The two sides share no protocol version. The stream is closed. */
    VERSION_MISMATCH(true),
    /** The peer did not finish the handshake, or stopped answering heartbeats, in time. The stream is closed. */
    TIMEOUT(true),
    /** The peer stopped reading and too many frames queued up for it. The stream is closed. */
    PEER_NOT_READING(true),
    /** The connecting process runs as a user that is not allowed. The stream is closed. */
    PEER_NOT_ALLOWED(true),
    /** A session request names a session this side does not know. */
    UNKNOWN_SESSION(false),
    /** An {@code open} names a session that already exists. */
    DUPLICATE_SESSION(false),
    /** The worker has no capacity for another session. */
    OVER_CAPACITY(false),
    /** The session failed; the message says why. Other sessions are unaffected. */
    SESSION_FAILED(false),
    /** A fault inside the sender; the message says what. */
    INTERNAL(false),
    /** A code this version does not know, sent by a newer peer. */
    @JsonEnumDefaultValue
    UNKNOWN(false);

    private final boolean closesConnection;

    ErrorCode(boolean closesConnection) {
        this.closesConnection = closesConnection;
    }

    /** True when the frame boundary is lost or the peer is refused, so the connection cannot go on. */
    public boolean closesConnection() {
        return closesConnection;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
