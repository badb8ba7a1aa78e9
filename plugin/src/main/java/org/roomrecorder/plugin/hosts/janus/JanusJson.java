package org.roomrecorder.plugin.hosts.janus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.roomrecorder.plugin.hosts.JsonTrees;

/** The adapter's one JSON mapper: Janus's API and the event handler's posts are plain JSON trees. */
final class JanusJson {
    private static final JsonTrees TREES = new JsonTrees(new ObjectMapper());

    private JanusJson() {
    }

    static ObjectNode object() {
        return TREES.object();
    }

    /** The parsed tree, or null if the text is not JSON. */
    static JsonNode parse(String text) {
        return TREES.parse(text);
    }

    static String write(JsonNode node) {
        return node.toString();
    }
}
