package org.roomrecorder.plugin.hosts.janus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.roomrecorder.plugin.logging.Slf4jContextLogger;
import org.roomrecorder.plugin.spi.ConferenceId;
import org.roomrecorder.plugin.spi.EndpointId;

@DisplayName("The room registry")
class RoomRegistryTest {
    private static final JsonNode ROOM = TextNode.valueOf("1234");
    private static final JsonNode ALICE = TextNode.valueOf("alice");

    private final RecordingListener core = new RecordingListener();
    private final RoomRegistry registry = new RoomRegistry(core, Slf4jContextLogger.create("test", Map.of()));

    /** A publisher entry as the VideoRoom writes it in 'publishers' (observer) or 'published' (event handler). */
    private static PublishedFeed feed(String json) {
        return PublishedFeed.parse(JanusJson.parse(json));
    }

    private static final PublishedFeed ALICE_AV = feed("{\"id\":\"alice\",\"display\":\"Alice\",\"video_codec\":"
            + "\"vp8\",\"audio_codec\":\"opus\",\"streams\":[{\"type\":\"audio\",\"mindex\":0,\"mid\":\"0\","
            + "\"codec\":\"opus\"},{\"type\":\"video\",\"mindex\":1,\"mid\":\"1\",\"codec\":\"vp8\"}]}");

    @Test
    @DisplayName("reports a new publisher as joined with its audio and video sources")
    void published() {
        registry.published(ROOM, ALICE_AV);
        assertEquals(List.of("joined 1234/alice Alice", "added 1234/alice [0:AUDIO, 1:VIDEO]"), core.take());
        RoomRegistry.Feed feed = registry.feed(new ConferenceId("1234"), new EndpointId("alice"));
        assertEquals(ROOM, feed.room());
        assertEquals(ALICE, feed.id());
    }

    @Test
    @DisplayName("reports Janus's double 'unpublished' once, and a re-publish as new sources")
    void unpublishedTwice() {
        registry.published(ROOM, ALICE_AV);
        core.take();
        registry.unpublished(ROOM, ALICE);
        registry.unpublished(ROOM, ALICE);
        assertEquals(List.of("removed 1234/alice [0:AUDIO, 1:VIDEO]"), core.take());
        assertNull(registry.feed(new ConferenceId("1234"), new EndpointId("alice")));
        registry.published(ROOM, ALICE_AV);
        assertEquals(List.of("added 1234/alice [0:AUDIO, 1:VIDEO]"), core.take());
    }

    @Test
    @DisplayName("reports a departure once, and nothing for a participant that never published")
    void leaving() {
        registry.published(ROOM, ALICE_AV);
        core.take();
        registry.left(ROOM, ALICE);
        registry.left(ROOM, ALICE);
        registry.left(ROOM, TextNode.valueOf("observer"));
        assertEquals(List.of("left 1234/alice"), core.take());
    }

    @Test
    @DisplayName("reports only what changed when a publisher's streams change, and nothing when none did")
    void changes() {
        registry.published(ROOM, ALICE_AV);
        core.take();
        registry.published(ROOM, ALICE_AV);
        assertEquals(List.of(), core.take());
        registry.published(ROOM, feed("{\"id\":\"alice\",\"display\":\"Alice\",\"streams\":[{\"type\":\"audio\","
                + "\"mid\":\"0\"},{\"type\":\"video\",\"mid\":\"1\",\"disabled\":true},{\"type\":\"video\","
                + "\"mid\":\"2\"},{\"type\":\"data\",\"mid\":\"3\"}]}"));
        assertEquals(List.of("removed 1234/alice [1:VIDEO]", "added 1234/alice [2:VIDEO]"), core.take());
    }

    @Test
    @DisplayName("after (re)watching a room, reports its publishers again in full and those gone as left")
    void snapshot() {
        PublishedFeed bob = feed("{\"id\":\"bob\",\"streams\":[{\"type\":\"audio\",\"mid\":\"0\"}]}");
        registry.published(ROOM, ALICE_AV);
        registry.published(ROOM, bob);
        core.take();
        registry.watching(ROOM);
        registry.snapshot(ROOM, List.of(ALICE_AV));
        assertEquals(List.of("joined 1234/alice Alice", "added 1234/alice [0:AUDIO, 1:VIDEO]", "left 1234/bob"),
                core.take());
    }

    @Test
    @DisplayName("reports everyone in a room that is destroyed or no longer listed as left")
    void roomsGone() {
        JsonNode numeric = LongNode.valueOf(5678);
        registry.published(ROOM, ALICE_AV);
        registry.published(numeric, feed("{\"id\":4242,\"streams\":[{\"type\":\"video\",\"mid\":\"v\"}]}"));
        core.take();
        assertEquals(List.of(), registry.listed(List.of(ROOM, numeric)));
        assertEquals(List.of(), registry.listed(List.of(numeric)));
        assertEquals(List.of("left 1234/alice"), core.take());
        registry.roomGone(numeric);
        registry.roomGone(numeric);
        assertEquals(List.of("left 5678/4242"), core.take());
    }

    @Test
    @DisplayName("keeps a room it never saw listed (a private one the event handler told of) and names it")
    void unlistedRooms() {
        registry.published(ROOM, ALICE_AV);
        core.take();
        assertEquals(List.of(ROOM), registry.listed(List.of()));
        assertEquals(List.of(), core.take());
    }
}
