package org.roomrecorder.it.janus;

import com.fasterxml.jackson.databind.JsonNode;

/** Janus refused a request: a core {@code error} or a plugin's {@code error_code}, with Janus's own code and text. */
public final class JanusException extends Exception {
    private final int code;

    JanusException(String request, JsonNode error) {
        super("Janus refused " + request + ": " + error.path("code").asInt(error.path("error_code").asInt()) + " "
                + error.path("reason").asText(error.path("error").asText()));
        this.code = error.path("code").asInt(error.path("error_code").asInt());
    }

    public int code() {
        return code;
    }
}
