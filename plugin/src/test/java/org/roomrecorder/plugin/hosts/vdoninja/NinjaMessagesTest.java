package org.roomrecorder.plugin.hosts.vdoninja;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.roomrecorder.plugin.spi.IceCandidate;

@DisplayName("VDO.Ninja messages")
class NinjaMessagesTest {
    private static final String NOISE = "\"{}[]:,0a\\\u0000é";
    private static final NinjaCrypto CRYPTO = new NinjaCrypto("someEncryptionKey123", "vdo.ninja");

    @Nested
    @DisplayName("built by the recorder, with the reference's field names")
    class Built {
        @Test
        @DisplayName("joinroom has no streamID; play names streamID and UUID; relay mode adds from")
        void joinAndPlay() {
            NinjaRequests official = new NinjaRequests(null, null);
            assertEquals("{\"request\":\"joinroom\",\"roomid\":\"room1\"}", official.joinroom("room1").toString());
            assertEquals("{\"request\":\"play\",\"streamID\":\"cam808d64\",\"UUID\":\"u1\"}",
                    official.play("cam808d64", "u1").toString());
            NinjaRequests relay = new NinjaRequests(null, "rec1");
            assertEquals("{\"request\":\"joinroom\",\"roomid\":\"room1\",\"from\":\"rec1\"}",
                    relay.joinroom("room1").toString());
        }

        @Test
        @DisplayName("an answer echoes the offer's session; a candidate is a one-element bundle of type remote")
        void answerAndCandidate() {
            NinjaRequests plain = new NinjaRequests(null, null);
            assertEquals("{\"description\":{\"type\":\"answer\",\"sdp\":\"v=0\"},\"UUID\":\"u1\",\"session\":\"s1\"}",
                    plain.answer("u1", "s1", "v=0").toString());
            assertEquals("{\"candidates\":[{\"candidate\":\"candidate:1 1 udp 1 10.0.0.1 5000 typ host\","
                            + "\"sdpMLineIndex\":0}],\"UUID\":\"u1\",\"session\":\"s1\",\"type\":\"remote\"}",
                    plain.candidate("u1", "s1", new IceCandidate("candidate:1 1 udp 1 10.0.0.1 5000 typ host", "0", 0))
                            .toString());
            assertEquals("{\"candidates\":[{\"candidate\":\"c\",\"sdpMid\":\"a\"}],\"UUID\":\"u1\",\"session\":\"s1\","
                    + "\"type\":\"remote\"}", plain.candidate("u1", "s1", new IceCandidate("c", "a", null)).toString());
        }

        @Test
        @DisplayName("with a password, description and candidates are hex ciphertext and a vector; routing is clear")
        void encrypted() throws Exception {
            NinjaRequests sealed = new NinjaRequests(CRYPTO, "rec1");
            JsonNode answer = sealed.answer("u1", "s1", "v=0 answer");
            assertTrue(answer.get("description").isTextual());
            assertEquals("u1", answer.get("UUID").textValue());
            assertEquals("s1", answer.get("session").textValue());
            assertEquals("rec1", answer.get("from").textValue());
            assertEquals("{\"type\":\"answer\",\"sdp\":\"v=0 answer\"}", CRYPTO.decrypt(
                    answer.get("description").textValue(), answer.get("vector").textValue()));
            JsonNode candidate = sealed.candidate("u1", "s1", new IceCandidate("c", null, 1));
            assertEquals("remote", candidate.get("type").textValue());
            assertEquals("[{\"candidate\":\"c\",\"sdpMLineIndex\":1}]", CRYPTO.decrypt(
                    candidate.get("candidates").textValue(), candidate.get("vector").textValue()));
        }
    }

    @Nested
    @DisplayName("parsed from the server")
    class Parsed {
        private final NinjaParser plain = new NinjaParser(null);
        private final NinjaParser sealed = new NinjaParser(CRYPTO);

        @Test
        @DisplayName("a listing keeps members with a streamID and counts hostile entries")
        void listing() throws Exception {
            NinjaMessage listing = plain.parse("{\"request\":\"listing\",\"list\":[{\"UUID\":\"u1\",\"streamID\":"
                    + "\"s1abc123\"},{\"UUID\":\"u3\"},{\"UUID\":\"../etc\",\"streamID\":\"x\"},{\"UUID\":\"u4\","
                    + "\"streamID\":\"a/b\"},7,{\"UUID\":42,\"streamID\":\"n1\"}]}");
            assertEquals(List.of(new NinjaMessage.Member("u1", "s1abc123"), new NinjaMessage.Member("42", "n1")),
                    listing.listing());
            assertEquals(2, listing.skipped());
            assertNull(listing.sender());
        }

        @Test
        @DisplayName("the official server's sender is UUID; a relay's is from, with UUID the recipient")
        void senders() throws Exception {
            NinjaMessage official = plain.parse(new Publisher("pub", "cam", null, null).offer("abcd1234", "v=0"));
            assertEquals("pub", official.sender());
            assertNull(official.recipient());
            assertEquals("abcd1234", official.session());
            assertEquals("cam", official.streamId());
            assertTrue(official.isOffer());
            assertEquals("v=0", official.description().sdp());
            NinjaMessage relayed = plain.parse(new Publisher("pub", "cam", null, "rec").offer("abcd1234", "v=0"));
            assertEquals("pub", relayed.sender());
            assertEquals("rec", relayed.recipient());
        }

        @Test
        @DisplayName("candidates in the bundle form and in both single forms, clear and encrypted")
        void candidates() throws Exception {
            for (NinjaCrypto crypto : new NinjaCrypto[] {null, CRYPTO}) {
                NinjaParser parser = new NinjaParser(crypto);
                Publisher publisher = new Publisher("pub", "cam", crypto, null);
                NinjaMessage bundle = parser.parse(publisher.candidates("s1", "candidate:a", "candidate:b"));
                assertEquals(List.of(new IceCandidate("candidate:a", "0", 0), new IceCandidate("candidate:b", "1", 1)),
                        bundle.candidates());
                assertEquals("local", bundle.candidateType());
                NinjaMessage single = parser.parse(publisher.candidate("s1", "candidate:c", 1));
                assertEquals(List.of(new IceCandidate("candidate:c", null, 1)), single.candidates());
                assertEquals("s1", single.session());
            }
            NinjaCrypto.Sealed line = CRYPTO.encrypt("\"candidate:d\"");
            NinjaMessage encryptedLine = sealed.parse("{\"candidate\":\"" + line.ciphertext() + "\",\"vector\":\""
                    + line.vector() + "\",\"sdpMLineIndex\":0,\"UUID\":\"pub\",\"session\":\"s1\"}");
            assertEquals(List.of(new IceCandidate("candidate:d", null, 0)), encryptedLine.candidates());
        }

        @Test
        @DisplayName("an encrypted offer is decrypted; one sealed with another password is refused, naming it")
        void wrongPassword() throws Exception {
            assertEquals("v=0 secret", sealed.parse(new Publisher("pub", "cam", CRYPTO, null).offer("s1", "v=0 secret"))
                    .description().sdp());
            String other = new Publisher("pub", "cam", new NinjaCrypto("wrong", "vdo.ninja"), null).offer("s1", "v=0");
            BadMessage refused = assertThrows(BadMessage.class, () -> sealed.parse(other));
            assertTrue(refused.getMessage().contains("password"), refused.getMessage());
            BadMessage unkeyed = assertThrows(BadMessage.class, () -> plain.parse(
                    new Publisher("pub", "cam", CRYPTO, null).offer("s1", "v=0")));
            assertTrue(unkeyed.getMessage().contains("no password"), unkeyed.getMessage());
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "", "not json", "[]", "42", "null", "{\"request\":7}", "{\"UUID\":{}}", "{\"UUID\":\"../../etc/passwd\"}",
            "{\"UUID\":\"a\\u0000b\"}", "{\"UUID\":\"e\\u0301\"}", "{\"streamID\":\"caméra\"}",
            "{\"session\":\"a b\"}",
            "{\"UUID\":\"u\",\"UUID\":\"v\"}", "{\"description\":\"zz\",\"vector\":\"00\"}",
            "{\"description\":{\"type\":\"offer\",\"sdp\":5},\"UUID\":\"u\",\"session\":\"s\"}",
            "{\"description\":[],\"UUID\":\"u\"}", "{\"candidates\":{},\"UUID\":\"u\"}",
            "{\"candidates\":[{\"sdpMLineIndex\":0}],\"UUID\":\"u\"}",
            "{\"candidates\":[{\"candidate\":\"c\",\"sdpMLineIndex\":-1}],\"UUID\":\"u\"}",
            "{\"candidates\":[{\"candidate\":\"c\",\"sdpMLineIndex\":1.5}],\"UUID\":\"u\"}",
            "{\"candidate\":\"c\",\"UUID\":\"u\"}", "{\"request\":\"listing\",\"list\":\"everyone\"}",
            "{\"roomid\":[1]}", "{\"vector\":5}"})
        @DisplayName("malformed and hostile messages are a BadMessage, never another exception")
        void refusesMalformed(String text) {
            assertThrows(BadMessage.class, () -> sealed.parse(text));
        }

        @Test
        @DisplayName("a flood of candidates is refused as a whole")
        void tooManyCandidates() {
            String[] lines = new String[NinjaParser.MAX_CANDIDATES + 1];
            java.util.Arrays.fill(lines, "candidate:x");
            Publisher publisher = new Publisher("p", "c", null, null);
            assertThrows(BadMessage.class, () -> plain.parse(publisher.candidates("s", lines)));
        }

        @Test
        @DisplayName("random mutations of valid messages throw nothing but BadMessage")
        void fuzz() {
            Random random = new Random(6);
            Publisher publisher = new Publisher("pub", "cam808d64", CRYPTO, "rec");
            List<String> valid = List.of(publisher.offer("s1", "v=0\r\na=x"), publisher.candidates("s1", "candidate:a"),
                    publisher.candidate("s1", "candidate:b", 0), Publisher.listing(publisher), publisher.bye(),
                    publisher.relayedJoinroom("2f1a0139acdd5bdc"));
            for (int i = 0; i < 5_000; i++) {
                StringBuilder text = new StringBuilder(valid.get(random.nextInt(valid.size())));
                for (int edits = 1 + random.nextInt(4); edits > 0 && text.length() > 0; edits--) {
                    int at = random.nextInt(text.length());
                    switch (random.nextInt(3)) {
                        case 0 -> text.deleteCharAt(at);
                        case 1 -> text.insert(at, NOISE.charAt(random.nextInt(NOISE.length())));
                        default -> text.setCharAt(at, (char) random.nextInt(0x3000));
                    }
                }
                try {
                    sealed.parse(text.toString());
                } catch (BadMessage expected) {
                    // refused, as it should be when the edit broke it
                } catch (RuntimeException e) {
                    fail("'" + text + "' threw " + e);
                }
            }
        }

        @Test
        @DisplayName("a server error or alert is kept for the log")
        void serverError() throws Exception {
            assertEquals("uuid already in use", plain.parse("{\"error\":\"uuid already in use\"}").serverError());
            assertFalse(plain.parse("{\"request\":\"bye\",\"UUID\":\"u\"}").serverError() != null);
        }
    }
}
