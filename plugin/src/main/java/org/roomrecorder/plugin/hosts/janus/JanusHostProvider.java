package org.roomrecorder.plugin.hosts.janus;

import org.roomrecorder.plugin.spi.ConferenceHost;
import org.roomrecorder.plugin.spi.ConferenceHostProvider;
import org.roomrecorder.plugin.spi.HostContext;

/** {@code host = "janus"}: the Janus VideoRoom, reached through its WebSocket API. */
public final class JanusHostProvider implements ConferenceHostProvider {
    @Override
    public String name() {
        return "janus";
    }

    @Override
    public ConferenceHost create(HostContext context) {
        return new JanusHost(JanusConfig.from(context.config()), context.logger());
    }
}
