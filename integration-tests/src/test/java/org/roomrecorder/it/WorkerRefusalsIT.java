package org.roomrecorder.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.roomrecorder.protocol.ErrorCode;
import org.roomrecorder.protocol.ErrorMessage;
import org.roomrecorder.protocol.Offer;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.protocol.Close;
import org.roomrecorder.protocol.Closed;
import org.roomrecorder.protocol.Opened;
import org.roomrecorder.protocol.RecordingOptions;
import org.roomrecorder.protocol.ToPlugin;
import org.roomrecorder.protocol.transport.Connection;
import org.roomrecorder.protocol.transport.ProtocolClient;
import org.roomrecorder.protocol.transport.RecordingListener;
import org.roomrecorder.protocol.transport.TransportConfig;
import org.roomrecorder.protocol.transport.Waits;

/** Requests the worker must refuse, each with a typed error for its session, while the connection goes on. */
class WorkerRefusalsIT {
    @TempDir
    Path dir;

    @Test
    void overCapacityDuplicateAndUnknownSessionsAreRefusedByName() throws Exception {
        TestNetwork network = new TestNetwork();
        WorkerProcess worker = null;
        ProtocolClient client = new ProtocolClient(TransportConfig.defaults(), "refusals-test");
        try {
            worker = WorkerProcess.start(network, dir, "sessions.max = 1");
            RecordingListener<ToPlugin> plugin = new RecordingListener<>();
            Connection<ToPlugin> connection = client.connect(worker.socket(), plugin).connection();

            connection.send(open("first"));
            assertEquals(new Opened("first", 0), plugin.take(), "opened, as generation 0 of a new endpoint");
            connection.send(open("first"));
            connection.send(open("second"));
            connection.send(new Offer("nobody", "v=0"));
            Waits.until(Duration.ofSeconds(10), () -> plugin.errors.size() == 3, "three refusals");

            List<ErrorMessage> errors = plugin.errors;
            assertEquals(ErrorCode.DUPLICATE_SESSION, errors.get(0).code());
            assertEquals("first", errors.get(0).session());
            assertEquals(ErrorCode.OVER_CAPACITY, errors.get(1).code());
            assertTrue(errors.get(1).message().contains("capacity of 1"), errors.get(1).message());
            assertEquals(ErrorCode.UNKNOWN_SESSION, errors.get(2).code());
            assertEquals("nobody", errors.get(2).session());
            assertTrue(connection.isOpen(), "refusals leave the connection up");

            RecordingListener<ToPlugin> other = new RecordingListener<>();
            Connection<ToPlugin> intruder = client.connect(worker.socket(), other).connection();
            intruder.send(new Close("first", "hijack"));
            Waits.until(Duration.ofSeconds(10), () -> other.errors.size() == 1, "the other connection's refusal");
            assertEquals(ErrorCode.UNKNOWN_SESSION, other.errors.get(0).code());
            connection.send(new Close("first", "endpoint-left"));
            ToPlugin next;
            do {
                next = plugin.take();
            } while (!(next instanceof Closed));
            assertEquals("endpoint-left", ((Closed) next).reason(), "only the opener closes its session");
        } finally {
            client.close();
            Resources.closeAll(worker, network);
        }
    }

    private static Open open(String session) {
        return new Open(session, "room", "ep-" + session, "ep-" + session, null, 0, 0, RecordingOptions.defaults(), null);
    }
}
