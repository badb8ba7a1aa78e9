package org.roomrecorder.it.soak;

import java.time.Duration;
import java.util.Map;
import org.roomrecorder.it.CommandLine;

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
        for (Map.Entry<String, String> option : CommandLine.options(args).entrySet()) {
            String name = option.getKey();
            String value = option.getValue();
            switch (name) {
                case "--minutes" -> churn = Duration.ofMinutes(CommandLine.number(name, value, 1, 1440));
                case "--seconds" -> churn = Duration.ofSeconds(CommandLine.number(name, value, 30, 86_400));
                case "--churn-ms" -> interval = Duration.ofMillis(CommandLine.number(name, value, 500, 10_000));
                case "--seed" -> seed = CommandLine.number(name, value, 0, Long.MAX_VALUE);
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        return new SoakOptions(churn, interval, seed);
    }
}
