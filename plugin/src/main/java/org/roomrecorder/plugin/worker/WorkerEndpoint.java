package org.roomrecorder.plugin.worker;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One configured worker.
 *
 * @param name   how logs and metrics call it; unique in the pool
 * @param socket the worker's Unix-domain socket file
 */
public record WorkerEndpoint(String name, Path socket) {
    public WorkerEndpoint {
        requireNonNull(name, "name is null");
        requireNonNull(socket, "socket is null");
    }
}
