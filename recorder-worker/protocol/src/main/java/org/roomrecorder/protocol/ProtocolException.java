package org.roomrecorder.protocol;

import static java.util.Objects.requireNonNull;

/**
 * A frame or message that breaks the protocol. Unchecked so that record constructors can throw it while Jackson
 * builds them; the codec and the transport turn it into an {@code error} frame, never into a crash.
 */
public final class ProtocolException extends RuntimeException {
    private final ErrorCode code;

    public ProtocolException(ErrorCode code, String message) {
        super(message);
        this.code = requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorMessage toErrorMessage(String session) {
        return ErrorMessage.of(session, code, getMessage());
    }

    @Override
    public String toString() {
        return code.wireName() + ": " + getMessage();
    }
}
