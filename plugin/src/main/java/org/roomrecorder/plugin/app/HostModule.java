package org.roomrecorder.plugin.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.util.Map;
import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.logging.LogContexts;
import org.roomrecorder.plugin.spi.ConferenceHost;
import org.roomrecorder.plugin.spi.ConferenceHostProvider;
import org.roomrecorder.plugin.spi.HostContext;

/** The host adapter: one the embedding host brought, or the installed one the configuration names. */
final class HostModule extends AbstractModule {
    private final ConferenceHost given;
    private final ConferenceHostProvider provider;

    private HostModule(ConferenceHost given, ConferenceHostProvider provider) {
        this.given = given;
        this.provider = provider;
    }

    static HostModule of(ConferenceHost host) {
        return new HostModule(host, null);
    }

    static HostModule of(ConferenceHostProvider provider) {
        return new HostModule(null, provider);
    }

    @Provides
    @Singleton
    ConferenceHost host(PluginConfig config, Logger root) {
        if (given != null) {
            return given;
        }
        Map<String, String> context = LogContexts.of(LogContexts.HOST, provider.name());
        return provider.create(new HostContext(config.hostConfig(), root.createChildLogger(
                provider.getClass().getName(), context)));
    }
}
