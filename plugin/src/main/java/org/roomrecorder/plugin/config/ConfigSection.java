package org.roomrecorder.plugin.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One section of the validated configuration, read by full path, so that every error names the whole key, for
 * example {@code room-recorder.plugin.routing.max-queued-signals}. Types were checked against reference.conf before
 * any section is read ({@link ConfigValidator}); the checks here are the ranges and choices a type cannot express.
 */
public record ConfigSection(Config root, String path) {
    public ConfigSection {
        requireNonNull(root, "root is null");
        requireNonNull(path, "path is null");
    }

    public ConfigSection section(String key) {
        return new ConfigSection(root, fullKey(key));
    }

    public String fullKey(String key) {
        return path + "." + key;
    }

    public String string(String key) {
        return root.getString(fullKey(key));
    }

    public List<String> strings(String key) {
        return root.getStringList(fullKey(key));
    }

    public ConfigList list(String key) {
        return root.getList(fullKey(key));
    }

    public int integer(String key) {
        return root.getInt(fullKey(key));
    }

    public int intBetween(String key, int min, int max) {
        int value = root.getInt(fullKey(key));
        if (value < min || value > max) {
            throw bad(key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    public Duration durationBetween(String key, Duration min, Duration max) {
        Duration value = root.getDuration(fullKey(key));
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw bad(key, "must be between " + describe(min) + " and " + describe(max) + ", got " + describe(value));
        }
        return value;
    }

    /** A lower-case enum value: {@code mkv} for {@code MKV}. */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        String value = root.getString(fullKey(key));
        StringBuilder allowed = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            String name = constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
            if (name.equals(value)) {
                return constant;
            }
            allowed.append(allowed.length() == 0 ? "" : ", ").append(name);
        }
        throw bad(key, "must be one of " + allowed + ", got '" + value + "'");
    }

    /** An error that names the full key and where its value was set. */
    public BadConfigValue bad(String key, String message) {
        String full = fullKey(key);
        return new BadConfigValue(full, message, root.hasPath(full) ? root.getValue(full).origin() : null);
    }

    private static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
