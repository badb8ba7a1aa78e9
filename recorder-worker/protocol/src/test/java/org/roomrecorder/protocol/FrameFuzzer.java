package org.roomrecorder.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of hostile frame bodies: mutations of every real message (bit flips, cuts, splices, swapped
 * values, removed fields, changed types, oversize strings) mixed with random bytes and random JSON. The same
 * seed gives the same sequence, so a failure can be replayed.
 */
public final class FrameFuzzer {
    private static final String[] VALUES = {
        "null", "true", "false", "0", "-1", "1e308", "-9223372036854775809", "3.14", "\"\"", "[]", "{}",
        "\"\\u0000\"", "\"../../etc/passwd\"", "\"$(reboot)\"", "\"\\n\\r\\u001b[2J\"", "[[[[[[[[]]]]]]]]",
        "{\"type\":\"offer\"}", "\"\\ud800\"", "\"𝄞✓é\"", "18446744073709551616",
    };
    private static final String[] FIELDS = {
        "type", "session", "sdp", "candidate", "sdpMid", "sdpMLineIndex", "nonce", "minVersion", "maxVersion",
        "options", "files", "code", "message", "state", "at", "generation", "conference", "endpoint",
    };

    private final SplittableRandom random;
    private final MessageCodec codec = new MessageCodec();
    private final List<byte[]> seeds;

    public FrameFuzzer(long seed) {
        this.random = new SplittableRandom(seed);
        this.seeds = SampleMessages.all().stream().map(codec::encode).toList();
    }

    public byte[] nextBody() {
        int kind = random.nextInt(100);
        if (kind < 10) {
            return seeds.get(random.nextInt(seeds.size())).clone();
        }
        if (kind < 55) {
            return mutateBytes(seeds.get(random.nextInt(seeds.size())));
        }
        if (kind < 85) {
            return mutateJson(seeds.get(random.nextInt(seeds.size())));
        }
        if (kind < 95) {
            return randomJson().getBytes(UTF_8);
        }
        byte[] noise = new byte[random.nextInt(1, 512)];
        random.nextBytes(noise);
        return noise;
    }

    private byte[] mutateBytes(byte[] seed) {
        byte[] out = seed.clone();
        int edits = random.nextInt(1, 6);
        for (int i = 0; i < edits && out.length > 0; i++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(4)) {
                case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[at] = (byte) random.nextInt(256);
                case 2 -> out = java.util.Arrays.copyOf(out, at);
                default -> out[at] = (byte) "{}[]\",:\\ 0".charAt(random.nextInt(10));
            }
        }
        return out;
    }

    private byte[] mutateJson(byte[] seed) {
        String json = new String(seed, UTF_8);
        switch (random.nextInt(6)) {
            case 0 -> {
                String field = FIELDS[random.nextInt(FIELDS.length)];
                json = json.replaceFirst("\"" + field + "\":(\"[^\"]*\"|[^,}\\]]*)",
                        "\"" + field + "\":" + java.util.regex.Matcher.quoteReplacement(VALUES[random.nextInt(VALUES.length)]));
            }
            case 1 -> json = json.replaceFirst(",\"" + FIELDS[random.nextInt(FIELDS.length)] + "\":(\"[^\"]*\"|[^,}\\]]*)", "");
            case 2 -> json = json.replaceFirst("\"type\":\"[a-z-]+\"", "\"type\":\"" + randomTypeName() + "\"");
            case 3 -> json = json.replace("}", ",\"" + FIELDS[random.nextInt(FIELDS.length)] + "\":"
                    + VALUES[random.nextInt(VALUES.length)] + "}");
            case 4 -> json = json.replaceFirst("\"session\":\"[^\"]*\"", "\"session\":\"" + "s".repeat(random.nextInt(
                    Limits.MAX_ID_CHARS - 8, Limits.MAX_ID_CHARS + 8)) + "\"");
            default -> json = json.replaceFirst("\"(sdp|candidate|message)\":\"",
                    "\"$1\":\"" + "x".repeat(random.nextInt(1, 4) * 700));
        }
        return json.getBytes(UTF_8);
    }

    private String randomTypeName() {
        return random.nextBoolean()
                ? MessageCodec.typeName(SampleMessages.all().get(random.nextInt(SampleMessages.all().size())))
                : "t" + random.nextInt(1000);
    }

    private String randomJson() {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(FIELDS[random.nextInt(FIELDS.length)]).append("\":")
                    .append(VALUES[random.nextInt(VALUES.length)]);
        }
        return json.append('}').toString();
    }

    public SplittableRandom random() {
        return random;
    }
}
