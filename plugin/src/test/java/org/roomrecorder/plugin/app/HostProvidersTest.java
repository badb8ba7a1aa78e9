package org.roomrecorder.plugin.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.jitsi.utils.MediaType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.plugin.spi.ConferenceHostProvider;

@DisplayName("Host adapter discovery")
class HostProvidersTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("finds adapters registered in META-INF/services on the class path")
    void classPath() {
        HostProviders providers = HostProviders.discover(getClass().getClassLoader(), null);
        assertEquals(Set.of("fake", "janus", "vdoninja"), providers.names());
    }

    @Test
    @DisplayName("picks up an adapter jar dropped into the plugin's directory")
    void droppedJar() throws Exception {
        Path jar = adapterJar("dropin", "DropInProvider", "drop-in");
        Files.writeString(dir.resolve("notes.txt"), "not a jar");
        HostProviders providers = HostProviders.discover(getClass().getClassLoader(), jar.getParent());
        assertEquals(Set.of("fake", "janus", "vdoninja", "drop-in"), providers.names());
        assertEquals("dropin.DropInProvider", providers.get("drop-in").getClass().getName());
    }

    /** Compiles a provider against the SPI and packs it with its service registration, as an adapter build does. */
    private Path adapterJar(String pkg, String name, String hostName) throws Exception {
        Path sources = Files.createDirectories(dir.resolve("src").resolve(pkg));
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path source = Files.writeString(sources.resolve(name + ".java"), String.join("\n",
                "package " + pkg + ";",
                "public final class " + name + " implements org.roomrecorder.plugin.spi.ConferenceHostProvider {",
                "  public String name() { return \"" + hostName + "\"; }",
                "  public org.roomrecorder.plugin.spi.ConferenceHost create(",
                "      org.roomrecorder.plugin.spi.HostContext context) {",
                "    throw new UnsupportedOperationException();",
                "  }",
                "}"));
        String classPath = String.join(java.io.File.pathSeparator, List.of(location(ConferenceHostProvider.class),
                location(MediaType.class), location(Config.class)));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), "-cp", classPath, source.toString()));
        Path jar = dir.resolve("adapters").resolve(hostName + "-adapter.jar");
        Files.createDirectories(jar.getParent());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(pkg + "/" + name + ".class"));
            out.write(Files.readAllBytes(classes.resolve(pkg).resolve(name + ".class")));
            out.putNextEntry(new JarEntry("META-INF/services/" + ConferenceHostProvider.class.getName()));
            OutputStream services = out;
            services.write((pkg + "." + name + "\n").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(Files.size(jar) > 0);
        return jar;
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
