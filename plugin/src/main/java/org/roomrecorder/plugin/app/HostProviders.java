package org.roomrecorder.plugin.app;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.roomrecorder.plugin.spi.ConferenceHostProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The installed host adapters, found with {@link ServiceLoader}: those on the plugin's own class path, and those in
 * jars placed in the directory of the plugin jar (a {@code java -jar} run ignores the class path, so dropping an
 * adapter jar beside the plugin is how a sidecar gets a new adapter). Two adapters with one name are an error.
 */
public final class HostProviders {
    private static final Logger log = LoggerFactory.getLogger(HostProviders.class);

    private static final String PLUGIN_JAR_PREFIX = "recorder-plugin-";

    private final Map<String, ConferenceHostProvider> byName;

    private HostProviders(Map<String, ConferenceHostProvider> byName) {
        this.byName = byName;
    }

    /** Adapters on the plugin's class path and in jars beside the plugin jar. */
    public static HostProviders discover() {
        return discover(HostProviders.class.getClassLoader(), besidePluginJar());
    }

    /**
     * @param directory where further adapter jars lie, or null for none
     */
    public static HostProviders discover(ClassLoader parent, Path directory) {
        ClassLoader loader = directory == null ? parent : adapterLoader(parent, directory);
        Map<String, ConferenceHostProvider> byName = new TreeMap<>();
        for (ConferenceHostProvider provider : ServiceLoader.load(ConferenceHostProvider.class, loader)) {
            ConferenceHostProvider other = byName.putIfAbsent(provider.name(), provider);
            if (other != null && other.getClass() != provider.getClass()) {
                throw new IllegalStateException("two host adapters are named '" + provider.name() + "': "
                        + other.getClass().getName() + " and " + provider.getClass().getName());
            }
        }
        return new HostProviders(byName);
    }

    public Set<String> names() {
        return byName.keySet();
    }

    /** The adapter of that name, or null. */
    public ConferenceHostProvider get(String name) {
        return byName.get(name);
    }

    private static ClassLoader adapterLoader(ClassLoader parent, Path directory) {
        List<URL> jars = new ArrayList<>();
        Path self = pluginJar();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path jar : files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList()) {
                // Other builds of the plugin itself (the plain jar beside the drop-in one in target/) are no adapters.
                if (!jar.equals(self) && !jar.getFileName().toString().startsWith(PLUGIN_JAR_PREFIX)) {
                    log.info("looking for host adapters in {}", jar);
                    jars.add(jar.toUri().toURL());
                }
            }
        } catch (IOException e) {
            log.warn("cannot list {} for host adapter jars: {}", directory, e.toString());
        }
        return jars.isEmpty() ? parent : new URLClassLoader("room-recorder-adapters", jars.toArray(URL[]::new), parent);
    }

    /** The directory of the jar this class was loaded from, or null when it runs from a class directory. */
    static Path besidePluginJar() {
        Path jar = pluginJar();
        return jar == null ? null : jar.getParent();
    }

    private static Path pluginJar() {
        CodeSource source = HostProviders.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return null;
        }
        try {
            Path location = Path.of(source.getLocation().toURI()).toAbsolutePath();
            return Files.isRegularFile(location) ? location : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return byName.isEmpty() ? "no host adapters" : "host adapters " + String.join(", ", byName.keySet());
    }
}
