package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;
import java.util.List;

/**
 * The session is over and its files are final. Sent once per opened session, whether the plugin asked
 * ({@link Close}) or the worker ended it (failure, maximum duration, shutdown).
 */
@JsonTypeName("closed")
public record Closed(String session, String reason, List<RecordedFile> files) implements ToPlugin {
    public Closed {
        Check.id(session, "session");
        Check.text(Check.present(reason, "reason"), "reason");
        files = List.copyOf(Check.present(files, "files"));
        if (files.size() > Limits.MAX_FILES) {
            throw new ProtocolException(ErrorCode.FIELD_TOO_LONG,
                    "files has " + files.size() + " entries, the limit is " + Limits.MAX_FILES);
        }
    }

    @Override
    public void accept(Handler handler) {
        handler.closed(this);
    }
}
