package org.roomrecorder.worker.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.roomrecorder.protocol.Welcome;
import org.roomrecorder.protocol.transport.ProtocolServer;
import org.roomrecorder.protocol.transport.TransportConfig;
import org.roomrecorder.worker.session.SessionRegistry;

/** The worker's socket: the transport's server, this worker's welcome, its peer policy and its sessions. */
public final class WorkerServer implements AutoCloseable {
    public static final String SOFTWARE = "room-recorder-worker 0.1.0";

    private final ProtocolServer server;

    private WorkerServer(ProtocolServer server) {
        this.server = server;
    }

    /**
     * Listens on {@code socket}. Its directory is created owner-and-group only (0750) when missing, so the socket
     * is never reachable by others, not even between bind and chmod.
     */
    public static WorkerServer start(Path socket, String workerId, List<Integer> allowedUids,
            SessionRegistry sessions) throws IOException {
        Path directory = socket.toAbsolutePath().getParent();
        if (!Files.exists(directory)) {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-x---"));
        }
        ProtocolServer server = ProtocolServer.start(socket, TransportConfig.defaults(),
                version -> new Welcome(version, SOFTWARE, workerId, sessions.capacity()), UidPolicy.of(allowedUids),
                sessions::listenerFor);
        return new WorkerServer(server);
    }

    public int connections() {
        return server.connections().size();
    }

    @Override
    public void close() {
        server.close();
    }
}
