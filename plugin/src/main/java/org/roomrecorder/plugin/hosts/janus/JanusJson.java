package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The adapter's one JSON mapper: Janus's API and the event handler's posts are plain JSON trees. */
final class JanusJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JanusJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** The parsed tree, or null if the text is not JSON. */
    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static String write(JsonNode node) {
        return node.toString();
    }
}
