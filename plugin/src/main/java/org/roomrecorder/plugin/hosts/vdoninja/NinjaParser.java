package org.roomrecorder.plugin.hosts.vdoninja;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.roomrecorder.plugin.spi.IceCandidate;

/**
 * Reads the server's messages into {@link NinjaMessage}s: checks every field's type and every id's form
 * ({@link NinjaIds}), and decrypts the fields a {@code vector} marks as encrypted. Anything else is a
 * {@link BadMessage}; nothing here throws anything else, whatever the input.
 */
final class NinjaParser {
    /** More candidates than any peer connection gathers; a bundle beyond this is refused. */
    static final int MAX_CANDIDATES = 64;
    /** Listing members beyond this are not read at all. */
    static final int MAX_LISTING = 10_000;

    private final NinjaCrypto crypto;

    /**
     * @param crypto the room's password scheme, or null when the room is not encrypted
     */
    NinjaParser(NinjaCrypto crypto) {
        this.crypto = crypto;
    }

    NinjaMessage parse(String text) throws BadMessage {
        JsonNode tree = NinjaJson.parse(text);
        if (tree == null || !tree.isObject()) {
            throw new BadMessage("not a JSON object");
        }
        String from = id(tree, "from");
        String uuid = id(tree, "UUID");
        try {
            return parse(tree, from, uuid);
        } catch (BadMessage e) {
            // Name the peer, so that a publisher with another password can be told apart from garbage.
            String sender = from != null ? from : uuid;
            throw sender == null ? e : new BadMessage("from " + sender + ": " + e.getMessage());
        }
    }

    private NinjaMessage parse(JsonNode tree, String from, String uuid) throws BadMessage {
        String request = optionalText(tree, "request");
        String session = id(tree, "session");
        String streamId = id(tree, "streamID");
        String roomId = optionalText(tree, "roomid");
        String vector = optionalText(tree, "vector");
        if (vector != null && crypto == null) {
            throw new BadMessage("it is encrypted ('vector'), but no password is configured for the room");
        }
        NinjaMessage.Description description = description(tree, vector);
        List<IceCandidate> candidates = candidates(tree, vector);
        String type = optionalText(tree, "type");
        List<NinjaMessage.Member> listing = null;
        int[] skipped = {0};
        if ("listing".equals(request)) {
            listing = listing(tree.get("list"), skipped);
        }
        return new NinjaMessage(request, from != null ? from : uuid, from != null ? uuid : null, session, streamId,
                roomId, description, candidates, type, listing, skipped[0], serverError(tree));
    }

    private NinjaMessage.Description description(JsonNode tree, String vector) throws BadMessage {
        JsonNode node = tree.get("description");
        if (node == null || node.isNull()) {
            return null;
        }
        JsonNode value = decrypted(node, vector, "description");
        if (!value.isObject() || !value.path("type").isTextual() || !value.path("sdp").isTextual()) {
            throw new BadMessage("'description' is not an object with a text 'type' and 'sdp'");
        }
        return new NinjaMessage.Description(value.get("type").textValue(), value.get("sdp").textValue());
    }

    private List<IceCandidate> candidates(JsonNode tree, String vector) throws BadMessage {
        JsonNode bundle = tree.get("candidates");
        if (bundle != null && !bundle.isNull()) {
            JsonNode value = decrypted(bundle, vector, "candidates");
            if (!value.isArray() || value.size() > MAX_CANDIDATES) {
                throw new BadMessage("'candidates' is not an array of at most " + MAX_CANDIDATES + " candidates");
            }
            List<IceCandidate> out = new ArrayList<>();
            for (JsonNode candidate : value) {
                addCandidate(out, candidate, null);
            }
            return out;
        }
        JsonNode single = tree.get("candidate");
        if (single == null || single.isNull()) {
            return List.of();
        }
        List<IceCandidate> out = new ArrayList<>();
        if (single.isTextual() && vector == null) {
            // The unencrypted single form is the whole message: candidate and sdpMLineIndex at top level.
            addCandidate(out, tree, null);
        } else {
            JsonNode value = decrypted(single, vector, "candidate");
            addCandidate(out, value.isTextual() ? tree : value, value.isTextual() ? value.textValue() : null);
        }
        return out;
    }

    /**
     * @param line the candidate line when it was decrypted apart from the object that holds its m-line index
     */
    private static void addCandidate(List<IceCandidate> out, JsonNode node, String line) throws BadMessage {
        JsonNode candidate = line != null ? null : node.get("candidate");
        if (line == null && (candidate == null || !candidate.isTextual())) {
            throw new BadMessage("a candidate without a text 'candidate'");
        }
        String text = line != null ? line : candidate.textValue();
        if (text.isEmpty()) {
            return; // a browser's end-of-candidates marker; VDO.Ninja has no message for it
        }
        JsonNode index = node.get("sdpMLineIndex");
        JsonNode mid = node.get("sdpMid");
        boolean hasIndex = index != null && index.canConvertToInt() && index.isIntegralNumber() && index.intValue() >= 0
                && index.intValue() < 1024;
        boolean hasMid = mid != null && mid.isTextual() && mid.textValue().length() <= 64;
        if (!hasIndex && !hasMid) {
            throw new BadMessage("a candidate without a usable 'sdpMLineIndex' or 'sdpMid'");
        }
        if (text.length() > 1024) {
            throw new BadMessage("a candidate line of " + text.length() + " characters");
        }
        out.add(new IceCandidate(text, hasMid ? mid.textValue() : null, hasIndex ? index.intValue() : null));
    }

    private List<NinjaMessage.Member> listing(JsonNode list, int[] skipped) throws BadMessage {
        if (list == null || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new BadMessage("'list' of a listing is not an array");
        }
        List<NinjaMessage.Member> members = new ArrayList<>();
        for (int i = 0; i < Math.min(list.size(), MAX_LISTING); i++) {
            JsonNode entry = list.get(i);
            JsonNode uuid = entry.get("UUID");
            JsonNode stream = entry.get("streamID");
            if (stream == null || stream.isNull()) {
                continue; // a member that does not publish (a viewer, a director, another recorder)
            }
            String uuidText = uuid != null && (uuid.isTextual() || uuid.isIntegralNumber()) ? uuid.asText() : null;
            if (!NinjaIds.valid(uuidText) || !stream.isTextual() || !NinjaIds.valid(stream.textValue())) {
                skipped[0]++;
                continue;
            }
            members.add(new NinjaMessage.Member(uuidText, stream.textValue()));
        }
        skipped[0] += Math.max(0, list.size() - MAX_LISTING);
        return members;
    }

    /** The field's value: itself, or, when the message has a {@code vector} and the field is text, its plaintext. */
    private JsonNode decrypted(JsonNode node, String vector, String field) throws BadMessage {
        if (vector == null || !node.isTextual()) {
            return node;
        }
        JsonNode plain = NinjaJson.parse(crypto.decrypt(node.textValue(), vector));
        if (plain == null) {
            throw new BadMessage("'" + field + "' decrypts to something that is not JSON: is the room password (and"
                    + " salt) the publisher's?");
        }
        return plain;
    }

    /** The relay answers {@code {"error": ...}}, the official server may send an {@code alert}. */
    private static String serverError(JsonNode tree) {
        JsonNode error = tree.has("error") ? tree.get("error") : tree.get("alert");
        return error == null || error.isNull() ? null : error.isTextual() ? error.textValue() : error.toString();
    }

    private static String optionalText(JsonNode tree, String field) throws BadMessage {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new BadMessage("'" + field + "' is not text");
        }
        return node.textValue();
    }

    /** An id field: text, or a whole number (a relay's clients often pick numeric ids), of the form of NinjaIds. */
    private static String id(JsonNode tree, String field) throws BadMessage {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() && !node.isIntegralNumber()) {
            throw new BadMessage("'" + field + "' is neither text nor a whole number");
        }
        String value = node.asText();
        if (!NinjaIds.valid(value)) {
            throw new BadMessage("'" + field + "' is not a plausible id: '" + value + "'");
        }
        return value;
    }
}
