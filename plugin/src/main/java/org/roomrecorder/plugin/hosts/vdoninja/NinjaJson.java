package org.roomrecorder.plugin.hosts.vdoninja;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The adapter's one JSON mapper. Duplicate keys are refused: a message that says {@code UUID} twice could otherwise
 * be read one way here and another way by the server.
 */
final class NinjaJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private NinjaJson() {
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
}
