package org.roomrecorder.it.soak;

import java.time.Duration;

/**
 * The soak's command line.
 *
 * @param churn    how long publishers come and go ({@code --minutes N}, 1 to 1440, or {@code --seconds N}, 30 to
 *                 86400, for short runs)
 * @param interval one join or leave every this long ({@code --churn-ms N}, 500 to 10000)
 * @param seed     the seed of the random choices, so a run's schedule can be replayed
 */
record SoakOptions(Duration churn, Duration interval, long seed) {
    static final String USAGE = "usage: ./scripts/soak [--minutes N | --seconds N] [--churn-ms N] [--seed N]";

    static SoakOptions parse(String[] args) {
        Duration churn = Duration.ofMinutes(30);
        Duration interval = Duration.ofSeconds(2);
        long seed = System.currentTimeMillis();
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
                case "--minutes" -> churn = Duration.ofMinutes(number(name, value, 1, 1440));
                case "--seconds" -> churn = Duration.ofSeconds(number(name, value, 30, 86_400));
                case "--churn-ms" -> interval = Duration.ofMillis(number(name, value, 500, 10_000));
                case "--seed" -> seed = number(name, value, 0, Long.MAX_VALUE);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new SoakOptions(churn, interval, seed);
    }

    private static long number(String name, String value, long min, long max) {
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
