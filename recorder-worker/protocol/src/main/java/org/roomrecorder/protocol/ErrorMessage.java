package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/**
 * A refused frame or a failed request. {@code session} is set when the error concerns one session; the other
 * sessions of the connection are unaffected. Codes that {@link ErrorCode#closesConnection() close the connection}
 * are the last frame the sender writes.
 */
@JsonTypeName("error")
public record ErrorMessage(String session, ErrorCode code, String message) implements Control {
    public ErrorMessage {
        Check.optionalId(session, "session");
        Check.present(code, "code");
        Check.text(Check.present(message, "message"), "message");
    }

    /** Builds an error whatever the inputs: an over-long message is cut, so an error can always be sent. */
    public static ErrorMessage of(String session, ErrorCode code, String message) {
        String safeSession = session != null && session.length() <= Limits.MAX_ID_CHARS ? session : null;
        String text = message == null ? code.wireName() : message;
        if (text.length() > Limits.MAX_TEXT_CHARS) {
            text = text.substring(0, Limits.MAX_TEXT_CHARS - 1) + "…";
        }
        return new ErrorMessage(safeSession, code, text);
    }

    @Override
    public void accept(Handler handler) {
        handler.error(this);
    }
}
