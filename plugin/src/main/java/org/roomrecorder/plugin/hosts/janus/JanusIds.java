package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import org.roomrecorder.protocol.Limits;

/**
 * Room and publisher ids. Janus writes them as numbers, or as strings when the VideoRoom runs with
 * {@code string_ids = true}; the adapter keeps the JSON value it was given and echoes it back unchanged, so it
 * never has to guess which of the two a Janus uses. The text form names the conference or endpoint.
 */
final class JanusIds {
    private JanusIds() {
    }

    /** The id's text: a string as it is, a number in decimal (Janus's ids are unsigned 64-bit numbers). */
    static String text(JsonNode id) {
        return id.isIntegralNumber() ? id.bigIntegerValue().toString() : id.asText();
    }

    /** Whether the node is a usable id: a non-negative whole number, or a non-empty string of bounded length. */
    static boolean isValid(JsonNode id) {
        if (id.isIntegralNumber()) {
            return id.bigIntegerValue().signum() >= 0;
        }
        return id.isTextual() && !id.asText().isEmpty() && id.asText().length() <= Limits.MAX_ID_CHARS;
    }

    /** @throws IllegalArgumentException naming what {@code what} is and why it is unusable */
    static void requireValid(JsonNode id, String what) {
        if (!isValid(id)) {
            throw new IllegalArgumentException(what + " is " + (id.isMissingNode() ? "missing"
                    : id.isTextual() && id.asText().length() > Limits.MAX_ID_CHARS
                            ? "longer than " + Limits.MAX_ID_CHARS + " characters"
                            : "not a non-negative number or a non-empty string"));
        }
    }
}
