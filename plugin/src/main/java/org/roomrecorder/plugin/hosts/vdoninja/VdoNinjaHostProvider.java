package org.roomrecorder.plugin.hosts.vdoninja;

import org.roomrecorder.plugin.spi.ConferenceHost;
import org.roomrecorder.plugin.spi.ConferenceHostProvider;
import org.roomrecorder.plugin.spi.HostContext;

/** {@code host = "vdoninja"}: one VDO.Ninja room, through its WebSocket signaling server. */
public final class VdoNinjaHostProvider implements ConferenceHostProvider {
    @Override
    public String name() {
        return "vdoninja";
    }

    @Override
    public ConferenceHost create(HostContext context) {
        return new VdoNinjaHost(VdoNinjaConfig.from(context.config()), context.logger());
    }
}
