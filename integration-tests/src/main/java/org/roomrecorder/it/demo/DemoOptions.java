package org.roomrecorder.it.demo;

import java.nio.file.Path;

/**
 * The demo's command line.
 *
 * @param seconds    how long the room is recorded, from the first join (10 to 3600)
 * @param publishers how many synthetic publishers join (1 to 12)
 * @param out        where the recordings go, or null for {@code demo-recordings/<UTC time>} here
 */
record DemoOptions(int seconds, int publishers, Path out) {
    static DemoOptions parse(String[] args) {
        int seconds = 20;
        int publishers = 3;
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException("options");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--seconds" -> seconds = number(name, value, 10, 3600);
                case "--publishers" -> publishers = number(name, value, 1, 12);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new DemoOptions(seconds, publishers, out);
    }

    private static int number(String name, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new IllegalArgumentException(name + " must be a whole number from " + min + " to " + max + ", not '"
                + value + "'");
    }
}
