package org.roomrecorder.plugin.hosts.vdoninja;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.roomrecorder.plugin.hosts.JsonTrees;

/**
 * The adapter's one JSON mapper. Duplicate keys are refused: a message that says {@code UUID} twice could otherwise
 * be read one way here and another way by the server.
 */
final class NinjaJson {
    private static final JsonTrees TREES = new JsonTrees(new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private NinjaJson() {
    }

    static ObjectNode object() {
        return TREES.object();
    }

    /** The parsed tree, or null if the text is not JSON. */
    static JsonNode parse(String text) {
        return TREES.parse(text);
    }
}
