package org.roomrecorder.protocol.transport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.Message;

/** A listener that keeps everything it is told, for assertions. */
public final class RecordingListener<I extends Message> implements Connection.Listener<I> {
    public final LinkedBlockingQueue<I> messages = new LinkedBlockingQueue<>();
    public final List<ErrorMessage> errors = new CopyOnWriteArrayList<>();
    public volatile String closedReason;

    @Override
    public void onMessage(Connection<I> connection, I message) {
        messages.add(message);
    }

    @Override
    public void onError(Connection<I> connection, ErrorMessage error) {
        errors.add(error);
    }

    @Override
    public void onClosed(Connection<I> connection, String reason) {
        closedReason = reason;
    }

    public I take() throws InterruptedException {
        I m = messages.poll(5, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("nothing received within 5 s");
        }
        return m;
    }
}
