package org.roomrecorder.plugin.hosts.vdoninja;

import org.jitsi.utils.logging2.Logger;
import org.roomrecorder.plugin.hosts.RemoteLog;
import org.roomrecorder.protocol.Text;

/**
 * Every message from the server, in order: parsed and decrypted, filtered (a relay echoes the recorder's own
 * messages and delivers some meant for others), then handed to one handler per kind. A message that cannot be read
 * is logged within the budget and dropped; it never stops the next one. Adapter thread only.
 */
final class NinjaInbound {
    private final NinjaParser parser;
    private final NinjaRoom room;
    private final NinjaSignaling signaling;
    private final Outbox outbox;
    private final String roomId;
    private final Logger log;
    private final RemoteLog remoteLog;

    /**
     * @param roomId the room id on the wire, to tell a relayed {@code joinroom} of another room apart
     */
    NinjaInbound(NinjaParser parser, NinjaRoom room, NinjaSignaling signaling, Outbox outbox, String roomId,
            Logger log, RemoteLog remoteLog) {
        this.parser = parser;
        this.room = room;
        this.signaling = signaling;
        this.outbox = outbox;
        this.roomId = roomId;
        this.log = log.createChildLogger(NinjaInbound.class.getName());
        this.remoteLog = remoteLog;
    }

    void received(String text) {
        NinjaMessage message;
        try {
            message = parser.parse(text);
        } catch (BadMessage e) {
            remoteLog.warn(log, () -> "dropped a message from the signaling server (" + text.length()
                    + " characters): " + Text.printable(e.getMessage()));
            return;
        }
        String own = outbox.ownId();
        if (own != null && (own.equals(message.sender())
                || message.recipient() != null && !own.equals(message.recipient()))) {
            return; // a relay's echo of our own message, or one addressed to another member
        }
        try {
            dispatch(message);
        } catch (RuntimeException e) {
            log.error("a message from the signaling server could not be handled", e);
        }
    }

    private void dispatch(NinjaMessage message) {
        if (message.request() != null) {
            request(message);
        } else if (message.description() != null) {
            description(message);
        } else if (!message.candidates().isEmpty()) {
            signaling.candidates(message.sender(), message.session(), message.candidateType(), message.candidates());
        } else if (message.serverError() != null) {
            remoteLog.warn(log, () -> "the signaling server refused a request: "
                    + Text.printable(message.serverError()));
        } else {
            log.debug("ignored a message with neither a request, a description nor candidates");
        }
    }

    private void request(NinjaMessage message) {
        switch (message.request()) {
            case "listing" -> room.listing(message.listing(), message.skipped());
            case "videoaddedtoroom", "someonejoined", "seed" -> joined(message);
            case "joinroom" -> relayedJoin(message);
            case "bye", "cleanup" -> left(message);
            default -> log.debug(() -> "ignored request '" + Text.printable(message.request()) + "'");
        }
    }

    /** A member announces a stream; one without a stream id is a viewer (or another recorder): nothing to record. */
    private void joined(NinjaMessage message) {
        if (message.streamId() == null) {
            log.debug(() -> "'" + message.request() + "' without a streamID; nothing to record");
        } else if (message.sender() == null) {
            remoteLog.warn(log, () -> "dropped '" + message.request() + "' that names no peer ('UUID' or 'from')");
        } else {
            room.announced(message.sender(), message.streamId(), message.request());
        }
    }

    /** A relay passes other members' {@code joinroom} on; it is its only join notification. */
    private void relayedJoin(NinjaMessage message) {
        if (message.roomId() != null && !message.roomId().equals(roomId)) {
            log.debug("ignored a relayed joinroom of another room");
        } else {
            joined(message);
        }
    }

    private void left(NinjaMessage message) {
        if (message.sender() == null) {
            log.debug(() -> "'" + message.request() + "' that names no peer; ignored");
        } else {
            room.hungUp(message.sender(), "'" + message.request() + "'");
        }
    }

    private void description(NinjaMessage message) {
        if (message.isOffer()) {
            signaling.offer(message.sender(), message.session(), message.description().sdp());
        } else {
            remoteLog.info(log, () -> "ignored a description of type '" + Text.printable(message.description().type())
                    + "' from " + message.sender() + ": the recorder makes no offers");
        }
    }
}
