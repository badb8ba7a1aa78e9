package org.roomrecorder.worker.manifest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and rewrites {@code manifest.json} files. Every change is a read-modify-write under a lock that holds
 * across threads of this worker and across workers sharing the directory (a {@code manifest.json.lock} file
 * lock), written to a temporary file and renamed over the manifest, so a reader never sees a half-written one
 * and a crash leaves the previous version.
 */
public final class ManifestStore {
    public static final String FILE_NAME = "manifest.json";
    private static final Logger log = LoggerFactory.getLogger(ManifestStore.class);

    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, null))
            .build();
    private final ConcurrentHashMap<Path, ReentrantLock> localLocks = new ConcurrentHashMap<>();
    private final Clock clock;
    private final DiskReserve reserve;

    public ManifestStore(Clock clock, DiskReserve reserve) {
        this.clock = clock;
        this.reserve = reserve;
    }

    /** Applies {@code change} to the manifest of {@code directory}, creating it for {@code conference} if absent. */
    public Manifest update(Path directory, String conference, UnaryOperator<Manifest> change) throws IOException {
        // A session's first event can come before its first file made the conference directory.
        Files.createDirectories(directory);
        Path manifest = directory.resolve(FILE_NAME);
        ReentrantLock local = localLocks.computeIfAbsent(manifest.toAbsolutePath().normalize(), p -> new ReentrantLock());
        local.lock();
        try (FileChannel lockFile = FileChannel.open(directory.resolve(FILE_NAME + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockFile.lock()) {
            Manifest current = Files.exists(manifest) ? read(manifest) : Manifest.empty(conference, clock.instant());
            Manifest next = change.apply(current);
            Path temp = directory.resolve(FILE_NAME + ".tmp");
            writeDurably(temp, json.writeValueAsBytes(next));
            move(temp, manifest);
            reserve.restoreIfRoom();
            return next;
        } finally {
            local.unlock();
        }
    }

    /** Writes and syncs {@code file}; on a full disk, with space from the reserve, as often as it gives some. */
    private void writeDurably(Path file, byte[] bytes) throws IOException {
        while (true) {
            try {
                Files.write(file, bytes);
                try (FileChannel sync = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    sync.force(true);
                }
                return;
            } catch (IOException e) {
                // The half-written file holds space too: give it back before asking the reserve for more.
                Files.deleteIfExists(file);
                if (!isNoSpace(e, file, bytes.length) || !reserve.release(bytes.length)) {
                    throw e;
                }
            }
        }
    }

    /**
     * ENOSPC, by the JDK's message, which follows the worker's locale; failing that, by a file system that has
     * less room left than the write needed.
     */
    private static boolean isNoSpace(IOException e, Path file, long needed) {
        if (String.valueOf(e.getMessage()).contains("No space left on device")) {
            return true;
        }
        try {
            return Files.getFileStore(file.getParent()).getUsableSpace() < needed + 64 * 1024;
        } catch (IOException unknown) {
            return false;
        }
    }

    public Manifest read(Path manifest) throws IOException {
        try {
            return json.readValue(manifest.toFile(), Manifest.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            // A manifest damaged by hand or by a full disk must not stop recording: keep it aside, start afresh.
            Path aside = manifest.resolveSibling(FILE_NAME + ".damaged-" + clock.millis());
            log.error("{} is not a readable manifest ({}); moved it to {} and starting a new one", manifest,
                    e.getOriginalMessage(), aside.getFileName());
            Files.move(manifest, aside);
            return Manifest.empty(manifest.getParent().getFileName().toString(), clock.instant());
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
