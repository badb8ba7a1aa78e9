package org.roomrecorder.it.demo;

import java.nio.file.Path;
import java.util.Map;
import org.roomrecorder.it.CommandLine;

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
        for (Map.Entry<String, String> option : CommandLine.options(args).entrySet()) {
            String name = option.getKey();
            String value = option.getValue();
            switch (name) {
                case "--seconds" -> seconds = (int) CommandLine.number(name, value, 10, 3600);
                case "--publishers" -> publishers = (int) CommandLine.number(name, value, 1, 12);
                case "--out" -> out = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new DemoOptions(seconds, publishers, out);
    }
}
