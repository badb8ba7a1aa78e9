package org.roomrecorder.plugin.app;

import com.typesafe.config.Config;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.roomrecorder.plugin.config.ConfigInvalidException;
import org.roomrecorder.plugin.config.ConfigLoader;
import org.roomrecorder.plugin.config.ConfigProblem;
import org.slf4j.LoggerFactory;

/**
 * The sidecar: {@code java -jar recorder-plugin-drop-in.jar --config FILE} runs the plugin next to a media server
 * until SIGTERM; {@code --check-config FILE} validates a configuration and exits. Exit codes: 0 fine, 1 the plugin
 * failed, 2 wrong arguments, 3 invalid configuration.
 */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int INVALID_CONFIG = 3;

    private static final String LOGBACK_PROVIDER = "ch.qos.logback.classic.spi.LogbackServiceProvider";
    private static final String SIDECAR_LOGBACK = "org/roomrecorder/plugin/app/sidecar-logback.xml";

    private Main() {
    }

    public static void main(String[] args) {
        useBundledLogback();
        boundHttpRequests();
        System.exit(run(args, System.out, System.err));
    }

    /**
     * The JDK's HTTP server (metrics and health) waits for a request's head forever unless this process-wide
     * setting says otherwise; it is read once, when the first server starts, so the sidecar sets it first. An
     * embedding host owns its JVM's settings. The admin's own {@code -D} wins.
     */
    private static void boundHttpRequests() {
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", "10");
        }
    }

    /**
     * The drop-in jar does not announce its Logback to SLF4J (an embedding host keeps its own binding), so the
     * sidecar names it explicitly, with a bundled configuration, unless the admin chose otherwise.
     */
    private static void useBundledLogback() {
        if (System.getProperty("slf4j.provider") == null && Main.class.getClassLoader().getResource(
                LOGBACK_PROVIDER.replace('.', '/') + ".class") != null) {
            System.setProperty("slf4j.provider", LOGBACK_PROVIDER);
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                // SLF4J otherwise prints a line to say that it obeys the property.
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", SIDECAR_LOGBACK);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            out.println(usage());
            return OK;
        }
        if (args.length != 2 || !(args[0].equals("--config") || args[0].equals("--check-config"))) {
            err.println(usage());
            return USAGE;
        }
        Path file = Path.of(args[1]);
        HostProviders providers = HostProviders.discover();
        ConfigLoader loader = RoomRecorderPlugin.loader();
        PluginConfig config;
        try {
            Config given = loader.parse(file);
            config = PluginConfig.load(loader, given, providers.names());
        } catch (ConfigInvalidException e) {
            err.println("room-recorder plugin: invalid configuration " + file + ":");
            for (ConfigProblem problem : e.problems()) {
                err.println("  " + problem);
            }
            return INVALID_CONFIG;
        }
        if (args[0].equals("--check-config")) {
            out.println("configuration " + file + " is valid: host " + config.host() + ", "
                    + config.workers().workers().size() + " workers");
            return OK;
        }
        return runUntilStopped(config, providers);
    }

    private static int runUntilStopped(PluginConfig config, HostProviders providers) {
        RoomRecorderPlugin plugin;
        try {
            plugin = RoomRecorderPlugin.start(config, HostModule.of(providers.get(config.host())));
        } catch (Exception e) {
            LoggerFactory.getLogger(Main.class).error("the plugin failed to start", e);
            return FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            plugin.close();
            stopped.countDown();
            // A service stopped on purpose exits 0; the JVM would exit 143 after SIGTERM, and System.exit from main
            // would block while this hook runs.
            Runtime.getRuntime().halt(OK);
        }, "rr-plugin-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
    }

    private static String usage() {
        return String.join("\n",
                "usage: java -jar recorder-plugin-drop-in.jar --config FILE | --check-config FILE",
                "  --config FILE        run the plugin as a sidecar with the HOCON configuration FILE, until SIGTERM",
                "  --check-config FILE  validate FILE (types, unknown keys, required keys) and exit: 0 valid, 3 not");
    }
}
