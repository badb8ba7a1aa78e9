package org.roomrecorder.protocol;

import com.fasterxml.jackson.annotation.JsonTypeName;

/** Ends the session: the worker finalizes its files and answers {@link Closed}. {@code reason} goes to the manifest. */
@JsonTypeName("close")
public record Close(String session, String reason) implements ToWorker {
    public Close {
        Check.id(session, "session");
        Check.text(Check.present(reason, "reason"), "reason");
    }

    @Override
    public void accept(Handler handler) {
        handler.close(this);
    }
}
