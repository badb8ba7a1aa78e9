package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/** A change in a session's connection or media, stamped with the worker's wall clock. */
@JsonTypeName("state")
public record StateEvent(String session, State state, String detail, Instant at) implements ToPlugin {

    public enum State {
        ICE_CONNECTED,
        ICE_DISCONNECTED,
        ICE_FAILED,
        /** ICE did not connect within the worker's connect timeout. */
        CONNECT_TIMEOUT,
        FIRST_AUDIO_FRAME,
        FIRST_VIDEO_FRAME,
        MEDIA_FLOWING,
        /** No media arrived within the worker's media timeout. */
        MEDIA_NOT_FLOWING,
        /** A state this version does not know, sent by a newer worker. */
        @JsonEnumDefaultValue
        UNKNOWN;

        @JsonValue
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public StateEvent {
        Check.id(session, "session");
        Check.present(state, "state");
        Check.text(detail, "detail");
        Check.present(at, "at");
    }

    @Override
    public void accept(Handler handler) {
        handler.state(this);
    }
}
