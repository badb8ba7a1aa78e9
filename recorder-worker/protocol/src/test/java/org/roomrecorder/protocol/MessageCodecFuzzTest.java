package org.roomrecorder.protocol;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageCodecFuzzTest {
    static final long SEED = Long.getLong("rr.fuzz.seed", 20261123L);

    @Test
    void randomAndMutatedBodiesOnlyEverYieldMessagesOrTypedErrors() {
        MessageCodec codec = new MessageCodec();
        FrameFuzzer fuzzer = new FrameFuzzer(SEED);
        Map<ErrorCode, Integer> errors = new EnumMap<>(ErrorCode.class);
        int decoded = 0;
        for (int i = 0; i < 100_000; i++) {
            byte[] body = fuzzer.nextBody();
            try {
                Message message = codec.decode(body);
                // Whatever decodes must survive its own round trip: the records are their own validation.
                assertTrue(message.equals(codec.decode(codec.encode(message))), () -> "unstable: " + message);
                decoded++;
            } catch (ProtocolException e) {
                errors.merge(e.code(), 1, Integer::sum);
                assertFalse(e.code().closesConnection(), "a body alone never loses the frame boundary");
                assertFalse(e.getMessage().chars().anyMatch(Character::isISOControl), e::getMessage);
            }
        }
        assertTrue(decoded > 5_000, "the fuzzer must also reach valid messages: " + decoded);
        assertTrue(errors.keySet().containsAll(java.util.List.of(ErrorCode.MALFORMED_JSON, ErrorCode.UNKNOWN_TYPE,
                ErrorCode.MISSING_FIELD, ErrorCode.WRONG_FIELD_TYPE, ErrorCode.INVALID_VALUE, ErrorCode.FIELD_TOO_LONG)),
                errors::toString);
    }
}
