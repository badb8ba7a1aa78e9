package org.roomrecorder.protocol;

import static org.roomrecorder.protocol.ErrorCode.FIELD_TOO_LONG;
import static org.roomrecorder.protocol.ErrorCode.INVALID_VALUE;
import static org.roomrecorder.protocol.ErrorCode.MISSING_FIELD;

/** Field checks for message constructors. Messages name the field and the limit, never echo the value. */
final class Check {
    private Check() {
    }

    static <T> T present(T value, String field) {
        if (value == null) {
            throw new ProtocolException(MISSING_FIELD, field + " is missing");
        }
        return value;
    }

    static String id(String value, String field) {
        return length(present(value, field), field, Limits.MAX_ID_CHARS);
    }

    static String optionalId(String value, String field) {
        return value == null ? null : length(value, field, Limits.MAX_ID_CHARS);
    }

    static String sdp(String value, String field) {
        return length(present(value, field), field, Limits.MAX_SDP_CHARS);
    }

    static String text(String value, String field) {
        return value == null ? null : length(value, field, Limits.MAX_TEXT_CHARS);
    }

    static String length(String value, String field, int max) {
        if (value.length() > max) {
            throw new ProtocolException(FIELD_TOO_LONG,
                    field + " has " + value.length() + " characters, the limit is " + max);
        }
        return value;
    }

    static int range(Integer value, String field, int min, int max) {
        int v = present(value, field);
        if (v < min || v > max) {
            throw new ProtocolException(INVALID_VALUE, field + " must be between " + min + " and " + max + ", got " + v);
        }
        return v;
    }

    static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new ProtocolException(INVALID_VALUE, field + " must not be negative, got " + value);
        }
        return value;
    }
}
