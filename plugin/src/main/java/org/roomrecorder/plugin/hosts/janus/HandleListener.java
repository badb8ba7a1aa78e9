package org.roomrecorder.plugin.hosts.janus;

/** Whatever Janus sends about one handle outside a request's answer: events, trickles, hang-ups. */
interface HandleListener {
    /** Called on the WebSocket's thread, in order; must not block. */
    void onMessage(JanusMessage message);
}
