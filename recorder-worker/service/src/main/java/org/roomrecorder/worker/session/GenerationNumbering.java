package org.roomrecorder.worker.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.roomrecorder.protocol.Open;
import org.roomrecorder.worker.manifest.Manifest;
import org.roomrecorder.worker.manifest.ManifestStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Numbers a session that starts a new generation ({@link Open#startsGeneration}) past every generation of its
 * endpoint that the conference already holds: in its manifest, which every worker sharing the output directory
 * writes and which outlives any plugin, and among this worker's live sessions, whose first file may not be listed
 * yet. A plugin that restarted numbers its endpoints from 0 again; without this, its recordings would share
 * generations with the previous plugin's in the manifest, and their files would take {@code ~2} names.
 * Calls are serialized and every numbered session counts as live until {@link #ended}, so two sessions starting at
 * once cannot take the same number.
 */
final class GenerationNumbering {
    private static final Logger log = LoggerFactory.getLogger(GenerationNumbering.class);

    private final ManifestStore manifests;
    /** This worker's sessions by id, as they are recorded. */
    private final Map<String, Open> live = new HashMap<>();

    GenerationNumbering(ManifestStore manifests) {
        this.manifests = manifests;
    }

    /** The open as it will be recorded; the session counts as live from now on. */
    synchronized Open number(Open open, Path conferenceDirectory, String logPrefix) {
        Open recorded = renumbered(open, conferenceDirectory, logPrefix);
        live.put(recorded.session(), recorded);
        return recorded;
    }

    synchronized void ended(String session) {
        live.remove(session);
    }

    private Open renumbered(Open open, Path conferenceDirectory, String logPrefix) {
        if (!open.startsGeneration()) {
            return open;
        }
        int highest = -1;
        for (Open other : live.values()) {
            if (other.conference().equals(open.conference()) && other.endpoint().equals(open.endpoint())) {
                highest = Math.max(highest, other.generation());
            }
        }
        highest = Math.max(highest, highestInManifest(open, conferenceDirectory, logPrefix));
        if (highest < open.generation()) {
            return open;
        }
        int next = highest + 1;
        log.info("{}generation {} of this endpoint is taken (a restarted plugin numbers from 0 again); "
                + "recording as generation {}", logPrefix, open.generation(), next);
        return open.withGeneration(next);
    }

    private int highestInManifest(Open open, Path conferenceDirectory, String logPrefix) {
        Path manifest = conferenceDirectory.resolve(ManifestStore.FILE_NAME);
        if (!Files.exists(manifest)) {
            return -1;
        }
        try {
            // Replaced atomically by every writer, so an unlocked read sees one whole version.
            return manifests.read(manifest).recordings().stream()
                    .filter(r -> Objects.equals(r.endpointId(), open.endpoint()))
                    .mapToInt(Manifest.Recording::generation).max().orElse(-1);
        } catch (IOException e) {
            log.warn("{}cannot read {} to number the generation ({}); recording generation {} as asked", logPrefix,
                    manifest, e.toString(), open.generation());
            return -1;
        }
    }
}
