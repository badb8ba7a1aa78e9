package org.roomrecorder.plugin.hosts.janus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.jitsi.utils.MediaType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.roomrecorder.plugin.spi.MediaSource;

@DisplayName("A publisher entry from Janus")
class PublishedFeedTest {
    private static PublishedFeed parse(String json) {
        return PublishedFeed.parse(JanusJson.parse(json));
    }

    @Test
    @DisplayName("keeps a numeric id as a number and names the endpoint by its decimal text")
    void numericId() {
        PublishedFeed feed = parse("{\"id\":18446744073709551615,\"streams\":[{\"type\":\"audio\",\"mid\":\"a\"}]}");
        assertEquals("18446744073709551615", feed.endpoint().value());
        assertEquals(true, feed.id().isIntegralNumber());
        assertEquals(List.of(new MediaSource("a", MediaType.AUDIO)), feed.sources());
        assertNull(feed.display());
    }

    @Test
    @DisplayName("refuses an entry without a usable id, naming why")
    void badIds() {
        assertEquals("publisher id is missing",
                assertThrows(IllegalArgumentException.class, () -> parse("{\"display\":\"x\"}")).getMessage());
        assertEquals("publisher id is not a non-negative number or a non-empty string",
                assertThrows(IllegalArgumentException.class, () -> parse("{\"id\":-1}")).getMessage());
        assertEquals("publisher id is longer than 256 characters",
                assertThrows(IllegalArgumentException.class,
                        () -> parse("{\"id\":\"" + "x".repeat(257) + "\"}")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> parse("{\"id\":{\"nested\":1}}"));
        assertThrows(IllegalArgumentException.class, () -> parse("[]"));
    }

    @Test
    @DisplayName("cuts a huge display name, and skips odd, nameless or countless streams")
    void hostileContent() {
        String streams = "{\"type\":\"video\",\"mid\":\"m\"},".repeat(1000);
        PublishedFeed feed = parse("{\"id\":\"p\",\"display\":\"" + "A".repeat(100_000) + "\",\"streams\":["
                + "{\"type\":\"audio\"},{\"type\":7,\"mid\":\"x\"},\"junk\",{\"type\":\"video\",\"mid\":\""
                + "y".repeat(300) + "\"}," + streams + "{\"type\":\"audio\",\"mid\":\"last\"}]}");
        assertEquals(256, feed.display().length());
        assertEquals(PublishedFeed.MAX_STREAMS, feed.sources().size());
        assertEquals(new MediaSource("m", MediaType.VIDEO), feed.sources().get(0));
        assertEquals(List.of(), parse("{\"id\":\"p\",\"streams\":\"none\"}").sources());
    }
}
