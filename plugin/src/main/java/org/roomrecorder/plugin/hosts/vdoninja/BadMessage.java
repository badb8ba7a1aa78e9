package org.roomrecorder.plugin.hosts.vdoninja;

/**
 * A message from the signaling server, or relayed by it from a peer, that the adapter refuses: not JSON, wrong types,
 * hostile ids, bad ciphertext. Its text is fit for a log line once passed through
 * {@link org.roomrecorder.protocol.Text#printable}; it carries no stack trace, since the cause is remote.
 */
final class BadMessage extends Exception {
    BadMessage(String reason) {
        super(reason, null, false, false);
    }
}
