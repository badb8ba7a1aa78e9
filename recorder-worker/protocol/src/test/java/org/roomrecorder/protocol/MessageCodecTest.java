package org.roomrecorder.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessageCodecTest {
    private final MessageCodec codec = new MessageCodec();

    @Test
    void samplesCoverEveryMessageType() {
        Set<Class<?>> sampled = SampleMessages.all().stream().map(Object::getClass).collect(Collectors.toSet());
        assertEquals(SampleMessages.leafTypes(), sampled);
    }

    @Test
    void everyMessageRoundTrips() {
        for (Message message : SampleMessages.all()) {
            assertEquals(message, codec.decode(codec.encode(message)), () -> "round trip of " + message);
        }
    }

    @Test
    void wireNamesAreKebabCaseAndUnique() {
        Set<String> names = new HashSet<>();
        for (Message message : SampleMessages.all()) {
            String name = MessageCodec.typeName(message);
            assertTrue(name.matches("[a-z]+(-[a-z]+)*"), name);
            String json = new String(codec.encode(message), UTF_8);
            assertTrue(json.startsWith("{\"type\":\"" + name + "\""), json);
            names.add(name + "/" + message.getClass().getSimpleName());
        }
        assertEquals(names.stream().map(n -> n.split("/")[0]).distinct().count(), names.size());
    }

    @Test
    void enumsTravelInKebabCase() {
        String json = new String(codec.encode(new ErrorMessage(null, ErrorCode.FIELD_TOO_LONG, "x")), UTF_8);
        assertTrue(json.contains("\"code\":\"field-too-long\""), json);
    }

    @Test
    void unknownFieldsAreIgnoredForForwardCompatibility() {
        Message m = decode("{\"type\":\"opened\",\"session\":\"s\",\"addedInVersion9\":{\"x\":[1,2]}}");
        assertEquals(new Opened("s"), m);
    }

    @Test
    void unknownEnumValuesFromANewerPeerReadAsUnknown() {
        Message m = decode("{\"type\":\"error\",\"code\":\"brand-new-code\",\"message\":\"m\"}");
        assertEquals(ErrorCode.UNKNOWN, ((ErrorMessage) m).code());
    }

    @Test
    void errorMessagesAreAlwaysSendable() {
        ErrorMessage e = ErrorMessage.of("x".repeat(1000), ErrorCode.INTERNAL, "y".repeat(100_000));
        assertEquals(null, e.session());
        assertEquals(Limits.MAX_TEXT_CHARS, e.message().length());
    }

    @Nested
    class Rejects {
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                ''                                                   | MALFORMED_JSON
                '   '                                                | MALFORMED_JSON
                '[1,2]'                                              | MALFORMED_JSON
                '"opened"'                                           | MALFORMED_JSON
                '{"type":"opened","session":"s"'                     | MALFORMED_JSON
                '{"type":"opened","session":"s"} {}'                 | MALFORMED_JSON
                '{"type":"opened","session":"s","session":"t"}'      | MALFORMED_JSON
                '{"type":"opened",session:"s"}'                      | MALFORMED_JSON
                '{"session":"s"}'                                    | MISSING_FIELD
                '{"type":"teleport","session":"s"}'                  | UNKNOWN_TYPE
                '{"type":"opened"}'                                  | MISSING_FIELD
                '{"type":"opened","session":null}'                   | MISSING_FIELD
                '{"type":"offer","session":"s"}'                     | MISSING_FIELD
                '{"type":"opened","session":42}'                     | WRONG_FIELD_TYPE
                '{"type":"opened","session":true}'                   | WRONG_FIELD_TYPE
                '{"type":"opened","session":{"a":1}}'                | WRONG_FIELD_TYPE
                '{"type":"opened","session":["s"]}'                  | WRONG_FIELD_TYPE
                '{"type":"ping","nonce":"12"}'                       | WRONG_FIELD_TYPE
                '{"type":"ping","nonce":1.5}'                        | WRONG_FIELD_TYPE
                '{"type":"ping"}'                                    | MISSING_FIELD
                '{"type":"hello","minVersion":0,"maxVersion":1,"software":"p"}' | INVALID_VALUE
                '{"type":"hello","minVersion":3,"maxVersion":2,"software":"p"}' | INVALID_VALUE
                '{"type":"candidate","session":"s","candidate":"c"}' | MISSING_FIELD
                '{"type":"candidate","session":"s","candidate":"c","sdpMLineIndex":-1}' | INVALID_VALUE
                '{"type":"state","session":"s","state":"ice-connected"}' | MISSING_FIELD
                '{"type":"state","session":"s","state":"ice-connected","at":"yesterday"}' | INVALID_VALUE
                '{"type":"stats","session":"s","videoFramesIn":-1}'  | INVALID_VALUE
                '{"type":"closed","session":"s","reason":"r","files":[null]}' | INVALID_VALUE
                '{"type":"closed","session":"s","reason":"r","files":"none"}' | WRONG_FIELD_TYPE
                """)
        void malformedBodies(String body, ErrorCode expected) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> decode(body));
            assertEquals(expected, e.code(), e::getMessage);
            assertFalse(e.code().closesConnection(), "a bad body leaves the frame boundary intact");
        }

        @Test
        void openWithBadOptionsNamesTheField() {
            String body = new String(codec.encode(new Open("s", "c", "e", "e", null, 0, 0, RecordingOptions.defaults(), null)),
                    UTF_8).replace("\"frameRate\":30", "\"frameRate\":500");
            ProtocolException e = assertThrows(ProtocolException.class, () -> decode(body));
            assertEquals(ErrorCode.INVALID_VALUE, e.code());
            assertTrue(e.getMessage().contains("options.frameRate"), e.getMessage());
        }

        @Test
        void oversizeSdp() {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> decode(offerWithSdp("a".repeat(Limits.MAX_SDP_CHARS + 1))));
            assertEquals(ErrorCode.FIELD_TOO_LONG, e.code());
            assertEquals("sdp has 262145 characters, the limit is 262144", e.getMessage());
            assertEquals(new Offer("s", "a".repeat(Limits.MAX_SDP_CHARS)),
                    decode(offerWithSdp("a".repeat(Limits.MAX_SDP_CHARS))));
        }

        @Test
        void oversizeId() {
            String id = "e".repeat(Limits.MAX_ID_CHARS + 1);
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> decode("{\"type\":\"opened\",\"session\":\"" + id + "\"}"));
            assertEquals(ErrorCode.FIELD_TOO_LONG, e.code());
            assertTrue(e.getMessage().startsWith("session has 257 characters"), e.getMessage());
        }

        @Test
        void oversizeCandidate() {
            String line = "c".repeat(Limits.MAX_CANDIDATE_CHARS + 1);
            ProtocolException e = assertThrows(ProtocolException.class, () -> decode(
                    "{\"type\":\"candidate\",\"session\":\"s\",\"candidate\":\"" + line + "\",\"sdpMid\":\"0\"}"));
            assertEquals(ErrorCode.FIELD_TOO_LONG, e.code());
            assertTrue(e.getMessage().startsWith("candidate has 1025 characters"), e.getMessage());
        }

        @Test
        void hostileTextIsNotEchoedRaw() {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> decode("{\"type\":\"evil\\n\\u001b[31mFAKE LOG LINE\",\"session\":\"s\"}"));
            assertEquals(ErrorCode.UNKNOWN_TYPE, e.code());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertFalse(e.getMessage().contains("\u001b"), e.getMessage());
        }

        @Test
        void deeplyNestedJsonIsRefused() {
            String deep = "[".repeat(5000) + "]".repeat(5000);
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> decode("{\"type\":\"opened\",\"session\":\"s\",\"x\":" + deep + "}"));
            assertEquals(ErrorCode.MALFORMED_JSON, e.code());
        }

        private String offerWithSdp(String sdp) {
            return "{\"type\":\"offer\",\"session\":\"s\",\"sdp\":\"" + sdp + "\"}";
        }
    }

    private Message decode(String body) {
        return codec.decode(body.getBytes(UTF_8));
    }
}
