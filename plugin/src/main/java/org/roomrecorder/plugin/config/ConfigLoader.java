package org.roomrecorder.plugin.config;

import static java.util.Objects.requireNonNull;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Loads the plugin's configuration the way Jitsi does: system properties over the admin's HOCON over every
 * reference.conf on the plugin's class path, resolved, then validated ({@link ConfigValidator}).
 */
public final class ConfigLoader {
    private final ClassLoader classLoader;
    private final Config reference;

    public ConfigLoader(ClassLoader classLoader) {
        this.classLoader = requireNonNull(classLoader, "classLoader is null");
        this.reference = ConfigFactory.defaultReference(classLoader);
    }

    public Config reference() {
        return reference;
    }

    /** Parses an admin's file; a missing or unparsable file is a problem named after the file. */
    public Config parse(Path file) throws ConfigInvalidException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigInvalidException(List.of(new ConfigProblem(file.toString(), "no such file", null)));
        }
        try {
            return ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new ConfigInvalidException(List.of(new ConfigProblem(file.toString(), e.getMessage(), null)));
        }
    }

    /**
     * Merges {@code given} over the reference and checks types and keys.
     *
     * @param hosts the installed host adapters' names, or null when the embedding host brings its own adapter
     * @return the merged, resolved configuration
     */
    public Config validate(Config given, Set<String> hosts) throws ConfigInvalidException {
        Config admin = ConfigFactory.defaultOverrides(classLoader).withFallback(given);
        Config merged;
        try {
            merged = admin.withFallback(reference).resolve();
        } catch (ConfigException e) {
            throw new ConfigInvalidException(List.of(new ConfigProblem(ConfigValidator.ROOT, e.getMessage(), null)));
        }
        List<ConfigProblem> problems = new ConfigValidator(reference).problems(admin, merged, hosts);
        if (!problems.isEmpty()) {
            throw new ConfigInvalidException(problems);
        }
        return merged;
    }
}
