package org.roomrecorder.plugin.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.jitsi.utils.MediaType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.roomrecorder.plugin.spi.ConferenceId;
import org.roomrecorder.plugin.spi.EndpointId;
import org.roomrecorder.plugin.spi.MediaSource;
import org.roomrecorder.protocol.RecordingOptions;

@DisplayName("Record rules")
class RecordRulesTest {
    private static RecordRules rules(List<String> conferences, List<String> excludeConferences, Set<MediaType> media) {
        return new RecordRules(new RecordRulesConfig(GlobFilter.of(conferences, excludeConferences),
                GlobFilter.of(List.of("*"), List.of("recorder-*")), media, RecordingOptions.defaults()));
    }

    @Nested
    @DisplayName("globs")
    class Globs {
        @Test
        @DisplayName("match whole ids, with * and ?")
        void wildcards() {
            assertTrue(Glob.of("team-*").matches("team-blue"));
            assertTrue(Glob.of("team-*").matches("team-"));
            assertFalse(Glob.of("team-*").matches("my-team-blue"));
            assertTrue(Glob.of("room-?").matches("room-7"));
            assertFalse(Glob.of("room-?").matches("room-17"));
        }

        @Test
        @DisplayName("treat every other character literally")
        void literals() {
            assertTrue(Glob.of("a.b(c)[d]+$").matches("a.b(c)[d]+$"));
            assertFalse(Glob.of("a.b").matches("axb"));
        }
    }

    @Test
    @DisplayName("record an endpoint of an included conference unless excluded")
    void conferencesAndEndpoints() {
        RecordRules rules = rules(List.of("team-*", "all-hands"), List.of("team-secret"), Set.of(MediaType.AUDIO));
        assertTrue(rules.records(new ConferenceId("team-blue"), new EndpointId("alice")));
        assertTrue(rules.records(new ConferenceId("all-hands"), new EndpointId("alice")));
        assertFalse(rules.records(new ConferenceId("team-secret"), new EndpointId("alice")));
        assertFalse(rules.records(new ConferenceId("lobby"), new EndpointId("alice")));
        assertFalse(rules.records(new ConferenceId("team-blue"), new EndpointId("recorder-1")));
    }

    @Test
    @DisplayName("record the wanted media the endpoint publishes, and tell the worker which")
    void media() {
        RecordRules rules = rules(List.of("*"), List.of(), Set.of(MediaType.AUDIO, MediaType.VIDEO));
        Set<MediaType> media = rules.mediaToRecord(List.of(new MediaSource("v", MediaType.VIDEO),
                new MediaSource("d", MediaType.DATA)));
        assertEquals(Set.of(MediaType.VIDEO), media);
        RecordingOptions options = rules.options(media);
        assertFalse(options.audio());
        assertTrue(options.video());
        assertEquals(Set.of(), rules(List.of("*"), List.of(), Set.of(MediaType.AUDIO))
                .mediaToRecord(List.of(new MediaSource("v", MediaType.VIDEO))));
    }
}
