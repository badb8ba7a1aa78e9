package org.roomrecorder.it;

import java.util.LinkedHashMap;
import java.util.Map;

/** The harness programs' command lines: {@code --name value} pairs, each value checked by the program. */
public final class CommandLine {
    private CommandLine() {
    }

    /**
     * The options in order, the last of a repeated one winning. {@code --help} or {@code -h} anywhere throws with the
     * message {@code options}, which the programs answer with their usage.
     */
    public static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                throw new IllegalArgumentException("options");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            options.put(name, args[++i]);
        }
        return options;
    }

    /** The whole number {@code value} of option {@code name}, within [min, max]. */
    public static long number(String name, String value, long min, long max) {
        try {
            long n = Long.parseLong(value);
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
