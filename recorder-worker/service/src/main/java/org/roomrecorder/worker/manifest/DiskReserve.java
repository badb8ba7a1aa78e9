package org.roomrecorder.worker.manifest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Space held back on the output file system so that manifests can still be written once recordings have filled
 * it. A manifest is rewritten whole (a temporary file renamed over it), so its last rewrite, the one that says
 * how each file ended, needs free space exactly when the disk has none: then the reserve gives up what that one
 * write needs, just before it, and no more, because the FFmpeg children still writing would take any space
 * freed ahead of time. It is filled with zeros, not sparse, so the space is really taken, and it grows back once
 * the file system has room for it and as much again.
 *
 * <p>One file for the whole output directory: {@value #FILE_NAME}. Sanitized conference names never start with a
 * dot, so it never meets a conference directory; workers sharing the directory share the reserve.
 */
public final class DiskReserve {
    public static final String FILE_NAME = ".room-recorder-reserve";
    private static final Logger log = LoggerFactory.getLogger(DiskReserve.class);
    /** Releases are rounded up to this, so a write that grows a little between attempts still fits. */
    private static final long GRAIN = 64 * 1024;

    private final Path file;
    private final long size;
    private boolean released;

    /** @param size bytes to hold back; 0 holds none */
    public DiskReserve(Path outputDirectory, long size) {
        this.file = outputDirectory.resolve(FILE_NAME);
        this.size = size;
    }

    /** Bytes held back now. */
    public long held() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Grows the reserve back to its size if the file system then still has at least that much free; does nothing
     * while it is full.
     */
    public synchronized void restoreIfRoom() {
        long held = held();
        if (held >= size) {
            return;
        }
        try {
            long usable = Files.getFileStore(file.getParent()).getUsableSpace();
            if (usable - (size - held) < size) {
                return;
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ByteBuffer zeros = ByteBuffer.allocate((int) GRAIN);
                for (long at = held; at < size; at += GRAIN) {
                    channel.write(zeros.clear().limit((int) Math.min(GRAIN, size - at)), at);
                }
            }
            if (released) {
                released = false;
                log.info("the output file system has room again: the manifest reserve {} is back to {} KiB", file,
                        size / 1024);
            }
        } catch (IOException e) {
            log.warn("could not fill the manifest reserve {} to {} KiB: {}", file, size / 1024, e.getMessage());
        }
    }

    /**
     * Frees at least {@code bytes} (rounded up) for a write that found the disk full. Returns false when the
     * reserve has nothing left to give.
     */
    public synchronized boolean release(long bytes) {
        long held = held();
        if (held == 0) {
            return false;
        }
        long keep = Math.max(0, held - (bytes + GRAIN - 1) / GRAIN * GRAIN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(keep);
        } catch (IOException e) {
            log.warn("could not release the manifest reserve {}: {}", file, e.getMessage());
            return false;
        }
        released = true;
        log.warn("the output file system is full: released {} KiB of the manifest reserve to write a manifest, "
                + "{} KiB left", (held - keep) / 1024, keep / 1024);
        return true;
    }
}
