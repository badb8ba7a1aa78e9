package org.roomrecorder.plugin.core;

/** Sizes of the live route table: all zero once every endpoint has left and every session has closed. */
public record RoutingSnapshot(int endpoints, int sessions, int hostKeys) {
    public boolean isEmpty() {
        return endpoints == 0 && sessions == 0 && hostKeys == 0;
    }
}
