package org.roomrecorder.plugin.hosts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON trees made and read with one mapper: what a host adapter's messages are. */
public final class JsonTrees {
    private final ObjectMapper mapper;

    public JsonTrees(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public ObjectNode object() {
        return mapper.createObjectNode();
    }

    /** The parsed tree, or null if the text is not JSON. */
    public JsonNode parse(String text) {
        try {
            return mapper.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
