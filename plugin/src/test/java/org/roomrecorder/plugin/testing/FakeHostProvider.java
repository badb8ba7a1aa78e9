package org.roomrecorder.plugin.testing;

import java.util.concurrent.atomic.AtomicReference;
import org.roomrecorder.plugin.spi.ConferenceHost;
import org.roomrecorder.plugin.spi.ConferenceHostProvider;
import org.roomrecorder.plugin.spi.HostContext;

/**
 * The fake host as an installed adapter named {@code fake}, registered in this module's test
 * META-INF/services, so tests go through the same ServiceLoader discovery as real adapters.
 */
public final class FakeHostProvider implements ConferenceHostProvider {
    /** The last host made and the context it got, for the test that started the plugin through the provider. */
    public static final AtomicReference<FakeHost> LAST_HOST = new AtomicReference<>();
    public static final AtomicReference<HostContext> LAST_CONTEXT = new AtomicReference<>();

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public ConferenceHost create(HostContext context) {
        FakeHost host = new FakeHost();
        LAST_CONTEXT.set(context);
        LAST_HOST.set(host);
        return host;
    }
}
