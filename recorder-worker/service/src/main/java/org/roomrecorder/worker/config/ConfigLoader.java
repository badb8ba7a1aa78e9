package org.roomrecorder.worker.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Loads {@code reference.conf} plus an admin's file, and refuses what would silently misbehave: a value of the
 * wrong type, and a key under {@value #ROOT} that the reference does not define (with the nearest known key as a
 * hint). Error messages name the key, its file and line.
 */
public final class ConfigLoader {
    public static final String ROOT = "room-recorder.worker";

    private ConfigLoader() {
    }

    /** The effective configuration; {@code file} may be null for the defaults alone. */
    public static Config load(Path file) {
        Config reference = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf",
                ConfigParseOptions.defaults().setAllowMissing(false));
        Config admin = ConfigFactory.empty();
        if (file != null) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("config file " + file + " does not exist");
            }
            try {
                admin = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            } catch (ConfigException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        }
        rejectUnknownKeys(admin, reference);
        Config effective = admin.withFallback(reference).resolve();
        try {
            effective.checkValid(reference, ROOT);
            checkTypes(effective.getConfig(ROOT), reference.getConfig(ROOT));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return effective.getConfig(ROOT);
    }

    private static void rejectUnknownKeys(Config admin, Config reference) {
        if (!admin.hasPath(ROOT)) {
            return;
        }
        List<String> known = reference.getConfig(ROOT).entrySet().stream().map(Map.Entry::getKey).toList();
        for (Map.Entry<String, ConfigValue> entry : admin.getConfig(ROOT).entrySet()) {
            String key = entry.getKey();
            if (!known.contains(key)) {
                String nearest = known.stream().min(Comparator.comparingInt(k -> distance(k, key))).orElse("");
                throw new IllegalArgumentException(entry.getValue().origin().description() + ": unknown key '"
                        + ROOT + "." + key + "'" + (distance(nearest, key) <= 3 ? "; did you mean '" + ROOT + "."
                        + nearest + "'?" : ""));
            }
        }
    }

    /**
     * Reads every key the way the worker will: a number as a number, a duration as a duration, a size as a size.
     * HOCON accepts "lots" where a number belongs until someone reads it; this makes that happen at startup.
     */
    private static void checkTypes(Config effective, Config reference) {
        for (Map.Entry<String, ConfigValue> entry : reference.entrySet()) {
            String key = entry.getKey();
            switch (entry.getValue().valueType()) {
                case NUMBER -> effective.getNumber(key);
                case BOOLEAN -> effective.getBoolean(key);
                case LIST -> effective.getList(key);
                case STRING -> {
                    if (isDuration(reference, key)) {
                        effective.getDuration(key);
                    } else if (isSize(reference, key)) {
                        effective.getBytes(key);
                    }
                }
                default -> {
                }
            }
        }
    }

    private static boolean isDuration(Config reference, String key) {
        try {
            reference.getDuration(key);
            return !reference.getString(key).isBlank() && Character.isDigit(reference.getString(key).charAt(0));
        } catch (ConfigException.BadValue e) {
            return false;
        }
    }

    private static boolean isSize(Config reference, String key) {
        try {
            reference.getBytes(key);
            return !reference.getString(key).isBlank() && Character.isDigit(reference.getString(key).charAt(0));
        } catch (ConfigException.BadValue e) {
            return false;
        }
    }

    /** Levenshtein distance, for the typo hint. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] current = new int[b.length() + 1];
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            previous = current;
        }
        return previous[b.length()];
    }
}
