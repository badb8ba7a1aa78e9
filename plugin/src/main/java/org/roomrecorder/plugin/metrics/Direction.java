package org.roomrecorder.plugin.metrics;

/** Which way a signaling message travels through the plugin. */
public enum Direction {
    /** From the host (the media server's subscription) to a worker. */
    TO_WORKER("to-worker"),
    /** From a worker back to the host. */
    TO_HOST("to-host");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
