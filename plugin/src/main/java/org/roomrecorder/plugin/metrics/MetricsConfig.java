package org.roomrecorder.plugin.metrics;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.roomrecorder.plugin.config.ConfigSection;

/**
 * {@code room-recorder.plugin.metrics}.
 *
 * @param port    the HTTP port of {@code /metrics} and {@code /health}; 0 turns the server off
 * @param address where it listens; a loopback address unless a scraper on another host must reach it
 */
public record MetricsConfig(int port, InetAddress address) {
    public static MetricsConfig from(ConfigSection section) {
        int port = section.intBetween("port", 0, 65_535);
        String address = section.string("address");
        try {
            return new MetricsConfig(port, InetAddress.getByName(address));
        } catch (UnknownHostException e) {
            throw section.bad("address", "is not an IP address or a resolvable name: '" + address + "'");
        }
    }
}
