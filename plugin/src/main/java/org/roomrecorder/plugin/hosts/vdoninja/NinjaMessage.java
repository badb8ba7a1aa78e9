package org.roomrecorder.plugin.hosts.vdoninja;

import java.util.List;
import org.roomrecorder.plugin.spi.IceCandidate;

/**
 * One message from the signaling server, checked and decrypted ({@link NinjaParser}). The field names of the wire
 * (seed-system notes §1.4, §1.5) are in the comments; absent fields are null.
 *
 * @param request       {@code request}: {@code listing}, {@code videoaddedtoroom}, {@code someonejoined},
 *                      {@code joinroom}, {@code seed}, {@code bye}, {@code cleanup}, ...; null for SDP and ICE
 * @param sender        the peer it comes from: {@code from} when present (a relay), else {@code UUID} (the official
 *                      server rewrites it to the sender)
 * @param recipient     {@code UUID} when {@code from} names the sender: whom a relayed message is for
 * @param session       {@code session}: the publisher's token for one peer connection
 * @param streamId      {@code streamID}, as on the wire (with the password suffix)
 * @param roomId        {@code roomid}, as on the wire (hashed in a password-protected room)
 * @param description   {@code description} of type {@code offer} or {@code answer}, decrypted
 * @param candidates    {@code candidates} (the bundle) or {@code candidate} (the single form), decrypted; empty if none
 * @param candidateType {@code type} of a candidate message: {@code local} when the publisher sent them
 * @param listing       {@code list} of a {@code listing}: its members that publish; null for other messages
 * @param skipped       how many listing members were unusable (hostile ids)
 * @param serverError   {@code error} or {@code alert}: the server refused something of ours
 */
record NinjaMessage(String request, String sender, String recipient, String session, String streamId, String roomId,
        Description description, List<IceCandidate> candidates, String candidateType, List<Member> listing,
        int skipped, String serverError) {

    /** An SDP with its type. */
    record Description(String type, String sdp) {
    }

    /** A room member that publishes: {@code UUID} and {@code streamID} of a {@code listing} entry. */
    record Member(String uuid, String streamId) {
    }

    boolean isOffer() {
        return description != null && "offer".equals(description.type());
    }
}
