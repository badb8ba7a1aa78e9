package org.roomrecorder.plugin.spi;

/**
 * Makes {@link ConferenceHost}s of one kind. Found with {@link java.util.ServiceLoader}: an adapter jar lists its
 * provider in {@code META-INF/services/org.roomrecorder.plugin.spi.ConferenceHostProvider}.
 */
public interface ConferenceHostProvider {
    /** The name that selects this host in the configuration, for example {@code janus}. */
    String name();

    ConferenceHost create(HostContext context);
}
